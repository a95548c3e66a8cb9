Feature: A customer who switches language mid-call (English: switches-to-persian)
  An older customer slips into Persian when she gets worried. The trainee keeps replies short (the
  rubric has a 60-word length criterion), never asks her to speak English, and brings in a colleague
  who speaks Persian. This scenario has its own mood rules: offering her language calms her most.

  Background:
    Given the English scenario library

  Scenario: "Please speak English" shames her into leaving
    Given a call of "switches-to-persian" with seed 1
    When the trainee replies "Sorry, I can't understand you. Can you please speak English?"
    Then criterion "no_english_only" scores 0
    And the customer gets angrier
    And the call moves to step "ashamed"

  Scenario: A long, fast answer loses her
    Given a call of "switches-to-persian" with seed 1
    When the trainee replies "Thank you for calling. I can see that your account was suspended yesterday because there is an overdue balance of one hundred and eighteen dollars on the account, which means both services are paused until the outstanding amount is settled, after which a reconnection fee applies and the service is normally restored within one to two business days, depending on the technician queue."
    Then criterion "short_and_slow" scores 0
    And the call moves to step "too_fast"

  Scenario: Offering a colleague who speaks Persian
    Given a call of "switches-to-persian" with seed 1
    When the trainee replies with the model answer
    And the trainee replies "That's okay. Take your time. I have a colleague who speaks Persian. Can I bring her onto the call?"
    Then criterion "offers_language_help" scores 2
    And criterion "checks_with_them" scores 2
    And the customer calms down
    And the call moves to step "with_interpreter"

  Scenario: Warm words alone, with no Persian, and she gives up
    Given a call of "switches-to-persian" with seed 1
    When the trainee keeps replying "I'm so sorry to hear that. I completely understand how frustrating this must be."
    Then the call ends "hung_up"
    And the attempt fails

  Scenario: The model answers resolve the call and pass
    Given a call of "switches-to-persian" with seed 3
    When the trainee gives every model answer
    Then the call ends "resolved"
    And the attempt passes
