Feature: Keeping a loyal customer (Persian: fa-loyal-cancel)
  Nine years a subscriber, he opens the chat to cancel. Thank him for the years, ask why before
  anything else, own what is unfair and make an offer with a number. Fees and «پشیمون می‌شید» lose
  him for good.

  Scenario: Thanks for the years and an open question bring out the real reason
    Given the Persian scenario 'fa-loyal-cancel' with seed 1
    When the trainee replies "ممنونم که {customer.years} ساله با ما هستید. چی شد که به این تصمیم رسیدید؟"
    Then criterion "thank_loyalty" scores 2
    And criterion "asks_why" scores 2
    And mood rule "thanked" fires
    And the customer moves on to 'reason'

  Scenario: Threatening a fee hardens him
    Given the Persian scenario 'fa-loyal-cancel' with seed 1
    When the trainee replies "برای لغو باید جریمه‌ی فسخ قرارداد رو پرداخت کنید."
    Then criterion "no_pressure" scores 0
    And mood rule "pressure" fires
    And the customer moves on to 'pushed'

  Scenario: Processing the cancellation without asking why loses him
    Given the Persian scenario 'fa-loyal-cancel' with seed 1
    When the trainee keeps replying "باشه، درخواست لغو رو ثبت کردم."
    Then the call ends hung_up
    And the attempt fails

  Scenario: Vague words after he explains get «پیشنهاد مشخصی دارید؟»
    Given the Persian scenario 'fa-loyal-cancel' with seed 1
    When the trainee replies with the model answer
    And the trainee replies "حق دارید، بررسی می‌کنیم ببینیم چی می‌شه."
    Then the customer moves on to 'words'
