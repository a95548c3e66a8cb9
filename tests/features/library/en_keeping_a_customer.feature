Feature: Keeping a loyal customer honestly (English: twelve-years-cancel)
  A customer of twelve years calls, calm and decided, to cancel. Ask before you offer, make an offer
  that fixes the real reason, and never pressure: pressure loses them.

  Background:
    Given the English scenario library

  Scenario: Asking what changed, after thanking them, opens the conversation
    Given a call of "twelve-years-cancel" with seed 1
    When the trainee replies "Of course. You've been with us twelve years, so thank you, truly. Would you mind telling me what's changed?"
    Then criterion "asks_what_changed" scores 2
    And criterion "thanks_loyalty" scores 2
    And the call moves to step "the_reason"

  Scenario: Pressure tactics push them out of the door
    Given a call of "twelve-years-cancel" with seed 1
    When the trainee replies "Are you sure? You'll lose your email address and there's an early termination fee."
    Then criterion "no_pressure" scores 0
    And the call moves to step "pressured"

  Scenario: Pressure, then an honest apology and a real question, rescues the call
    Given a call of "twelve-years-cancel" with seed 1
    When the trainee replies "Are you sure? You'll lose your email address."
    And the trainee replies with the model answer
    Then the call moves to step "the_reason"

  Scenario: Processing the cancellation without a single question
    Given a call of "twelve-years-cancel" with seed 1
    When the trainee keeps replying "No problem, I've cancelled your service from the end of the month."
    Then the call ends "hung_up"
    And the attempt fails

  Scenario: A token discount does not fix paying more than a new customer
    Given a call of "twelve-years-cancel" with seed 1
    When the trainee replies with the model answer
    And the trainee replies "I'm sorry about that. I can give you a small discount for three months."
    Then criterion "fair_offer" scores 1
    And the call moves to step "still_leaving"

  Scenario: The model answers keep the customer
    Given a call of "twelve-years-cancel" with seed 4
    When the trainee gives every model answer
    Then the call ends "resolved"
    And the attempt passes
