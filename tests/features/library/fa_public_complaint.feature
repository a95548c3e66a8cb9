Feature: A complaint in public, on Instagram (Persian: fa-instagram-complaint)
  Thousands read the reply, not just the customer. Thank her in public («ممنون که نوشتید»), apologise
  without excuses about the post office or the sale, take the details to the DM with a time, and close
  the loop where everyone can see it.

  Scenario: Thanks and an apology in public move the conversation to the DM
    Given the Persian scenario 'fa-instagram-complaint' with seed 1
    When the trainee replies "{customer.first_name} عزیز، ممنون که نوشتید و صمیمانه عذر می‌خوایم. همین الان به دایرکتتون پیام دادم."
    Then criterion "thank_publicly" scores 2
    And criterion "private_channel" scores 2
    And the customer calms down
    And the customer moves on to 'dm'

  Scenario: An apology wrapped in an excuse brings others into the thread
    Given the Persian scenario 'fa-instagram-complaint' with seed 1
    When the trainee replies "ببخشید که دیر شد؛ به دلیل حجم بالای سفارش‌ها در ایام حراج تأخیر داریم."
    Then criterion "no_excuses" scores 0
    And mood rule "excuses" fires
    And the customer moves on to 'pile_on'

  Scenario: Blaming the post office and lecturing her in public, and she is gone
    Given the Persian scenario 'fa-instagram-complaint' with seed 1
    When the trainee replies "تقصیر پسته، ما کاری نمی‌تونیم بکنیم. باید صبر کنید."
    Then criterion "no_excuses" scores 0
    And criterion "no_blame" scores 0
    And the call ends hung_up

  Scenario: A stock «لطفاً دایرکت بدید» reads as copy-paste
    Given the Persian scenario 'fa-instagram-complaint' with seed 1
    When the trainee replies "لطفاً دایرکت بدید."
    Then criterion "thank_publicly" scores 0
    And the customer moves on to 'copy_paste'

  Scenario: In the DM, a delivery without a day and hour is pushed back
    Given the Persian scenario 'fa-instagram-complaint' with seed 1
    When the trainee replies with the model answer
    And the trainee replies "پیگیری می‌کنیم، به‌زودی می‌رسه."
    Then the customer moves on to 'push_time'

  Scenario: The whole reply plan, public and private
    Given the Persian scenario 'fa-instagram-complaint' with seed 1
    When the trainee gives every model answer
    Then the call ends resolved
    And the attempt passes
