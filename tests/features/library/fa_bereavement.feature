Feature: A customer in mourning (Persian: fa-bereaved-return)
  In Persian a loss is answered with the words everyone expects to hear: «تسلیت می‌گم»، «خدا رحمتشون
  کنه»، «غم آخرتون باشه». A plain «متأسفم» is not condolence, and one word of «طبق قوانین» is enough for
  her to say «ولش کنید» and hang up. Condolence is critical in this rubric: without it the attempt fails
  however well the return is arranged.

  Scenario: Condolence first moves on to making the return easy
    Given the Persian scenario 'fa-bereaved-return' with seed 1
    When the trainee replies "خانم {customer.last_name}، تسلیت می‌گم، خدا رحمتشون کنه. نگران سفارش نباشید."
    Then criterion "condolence" scores 2
    And the customer calms down
    And the customer moves on to 'flex'

  Scenario: «متأسفم» alone earns only half of the condolence points
    Given the Persian scenario 'fa-bereaved-return' with seed 1
    When the trainee replies "متأسفم. شماره سفارشتون رو بفرمایید."
    Then criterion "condolence" scores 1

  Scenario: Policy talk to a grieving customer hurts, and a second time she hangs up
    Given the Persian scenario 'fa-bereaved-return' with seed 1
    When the trainee replies "طبق قوانین سایت مهلت مرجوعی تموم شده، ولی می‌تونم بررسی کنم."
    Then criterion "no_process_talk" scores 0
    And the customer moves on to 'hurt'
    When the trainee replies "متأسفانه سیستم اجازه نمی‌ده."
    Then the call ends hung_up

  Scenario: Skipping the condolence goes back to what she said
    Given the Persian scenario 'fa-bereaved-return' with seed 1
    When the trainee replies "سلام، شماره سفارشتون رو بفرمایید تا بررسی کنم."
    Then the customer moves on to 'unheard'

  Scenario: Kind words without a free pickup never resolve
    Given the Persian scenario 'fa-bereaved-return' with seed 1
    When the trainee keeps replying "تسلیت می‌گم، خدا رحمتشون کنه."
    Then the call does not end resolved
