Feature: A clear explanation for a confused, worried customer (Persian: fa-elderly-card)
  A retired man whose card the cash machine kept: his pension is on it and he needs medicine today.
  Reassure first («پولتون سر جاشه»), then numbered steps in everyday words, no banking jargon, and
  check he understood. This rubric replaces core's plain_language with Persian banking jargon.

  Scenario: Reassurance first calms him and moves on
    Given the Persian scenario 'fa-elderly-card' with seed 1
    When the trainee replies "آقای {customer.last_name}، نگران نباشید، پولتون سر جاشه. دستگاه کنار کدوم بانک بود؟"
    Then criterion "reassurance" scores 2
    And the customer calms down
    And the customer moves on to 'where'

  Scenario: Banking jargon confuses him
    Given the Persian scenario 'fa-elderly-card' with seed 1
    When the trainee replies "کارتتون ضبط شده؛ باید به شعبه‌ی صادرکننده مراجعه کنید و کارت المثنی بگیرید."
    Then criterion "plain_language" scores 0
    And mood rule "jargon" fires
    And the customer moves on to 'confused'

  Scenario: Numbered steps with a day move on to checking he understood
    Given the Persian scenario 'fa-elderly-card' with seed 1
    When the trainee replies with the model answer
    And the trainee replies "دو تا کار داریم. اول، امروز با کارت ملی برید شعبه‌ی خودمون. دوم، کارت جدید رو براتون ثبت کردم که پنجشنبه آماده می‌شه. واضح بود؟"
    Then criterion "clear_steps" scores 2
    And criterion "checks_understanding" scores 2
    And the customer moves on to 'check'

  Scenario: Reassurance alone never gets him his money today
    Given the Persian scenario 'fa-elderly-card' with seed 1
    When the trainee keeps replying "نگران نباشید، پولتون سر جاشه."
    Then the call does not end resolved
