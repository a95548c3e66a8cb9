Feature: Owning a mistake in writing (Persian: fa-revoked-ebook)
  An e-book she bought vanished with her notes. The Persian form letter («کاربر گرامی، بابت هرگونه
  ناراحتی احتمالی پوزش می‌طلبیم») sounds like an apology and is not one; what works is saying exactly what
  we did wrong and that it was ours, then a time for the notes.

  Scenario: A specific, owned apology moves on to her notes
    Given the Persian scenario 'fa-revoked-ebook' with seed 1
    When the trainee replies "سرکار خانم {customer.last_name}، حق با شماست. کتابی را که خریده بودید بدون اطلاع شما حذف کردیم و این اشتباه ما بود. صادقانه عذر می‌خواهم."
    Then criterion "specific_apology" scores 2
    And the customer calms down
    And the customer moves on to 'notes'

  Scenario: The form letter is caught, and makes her angrier
    Given the Persian scenario 'fa-revoked-ebook' with seed 1
    When the trainee replies "کاربر گرامی، بابت هرگونه ناراحتی احتمالی پوزش می‌طلبیم. طبق قوانین استفاده، دسترسی قطع شده است."
    Then criterion "no_corporate_speak" scores 0
    And mood rule "form_letter" fires
    And the customer gets angrier
    And the customer moves on to 'form_letter'

  Scenario: «ببخشید» on its own is not enough
    Given the Persian scenario 'fa-revoked-ebook' with seed 1
    When the trainee replies "ببخشید، بررسی می‌کنیم."
    Then criterion "specific_apology" scores 1
    And the customer moves on to 'not_enough'

  Scenario: The notes without a day and hour
    Given the Persian scenario 'fa-revoked-ebook' with seed 1
    When the trainee replies with the model answer
    And the trainee replies "یادداشت‌ها در اسرع وقت برمی‌گردند."
    Then the customer moves on to 'when'

  Scenario: Never owning it fails the attempt on the critical criterion
    Given the Persian scenario 'fa-revoked-ebook' with seed 1
    When the trainee keeps replying "با سلام، موضوع در حال بررسی است. با تشکر."
    Then the call does not end resolved
    And the attempt fails on "specific_apology"
