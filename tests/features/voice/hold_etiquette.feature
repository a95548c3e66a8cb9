Feature: Putting a caller on hold
  On a phone call the trainee may put the customer on hold to check something. A trainer wants it
  done well: ask first, say for how long, come back within that time, and thank the customer for
  waiting. The hold is timed, and the customer's mood reacts to how long it lasted against what was
  promised, and to the hold music the scenario names.

  Scenario: A hold asked for, timed, kept and thanked for earns every point
    Given a phone call to "angry-hold-music" after an apology for the wait
    When the trainee says "May I put you on hold for two minutes while I check the repair options?" and puts the customer on hold for 2 minutes
    And the trainee comes back after 1 minute 40 seconds and says "Thank you for holding. A courier will collect your phone tomorrow morning."
    Then "hold_etiquette" scores 4 of 4
    And the customer's mood was moved by "hold_kept" by -1

  Scenario: A hold past its promise, without asking or thanks, costs points and angers the caller
    Given a phone call to "angry-hold-music" after an apology for the wait
    When the trainee says "Hold on, two minutes." and puts the customer on hold for 2 minutes
    And the trainee comes back after 5 minutes and says "Okay, a courier will collect your phone tomorrow morning."
    Then "hold_etiquette" scores 1 of 4
    And the reason for "hold_etiquette" says "Back after 5:00, longer than the 2:00 promised."
    And the customer's mood was moved by "hold_over" by 2
    And the customer's mood was moved by "hold_music" by 2

  Scenario: Calm hold music is easier on an angry caller than upbeat rock
    Given a phone call to "angry-hold-music" after an apology for the wait, with calm hold music
    When the trainee says "Hold on, two minutes." and puts the customer on hold for 2 minutes
    And the trainee comes back after 3 minutes and says "Okay, a courier will collect your phone tomorrow morning."
    Then the customer's mood was moved by "hold_over" by 1
    And the customer's mood was not moved by "hold_music"

  Scenario: No one can be spoken to while on hold
    Given a phone call to "angry-hold-music" after an apology for the wait
    When the trainee says "May I put you on hold for a minute?" and puts the customer on hold for 1 minute
    Then a reply is refused with "take them off hold"

  Scenario: A call without a hold is not scored on hold etiquette
    Given a phone call to "angry-hold-music" after an apology for the wait
    Then the scorecard has no "hold_etiquette"

  Scenario: A Persian hold is scored in Persian
    Given a phone call to "fa-hold-music"
    When the trainee says "اجازه بدید دو دقیقه پشت خط بمونید تا بررسی کنم" and puts the customer on hold for 2 minutes
    And the trainee comes back after 1 minute 30 seconds and says "ممنون از صبرتون. فردا صبح پیک گوشی را از شما تحویل می‌گیرد."
    Then "hold_etiquette" scores 4 of 4
    And the reason for "hold_etiquette" says "ممنون از صبرتون"
