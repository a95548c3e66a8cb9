Feature: A problem that will not wait for office hours (English: locked-out-at-midnight)
  A customer is locked out of their home at 11:40 pm by our app. The overnight chat agent can verify
  them and send a one-time door code; the app team starts at 9 am. Anything that sends the customer
  away until morning is a critical failure.

  Background:
    Given the English scenario library

  Scenario: "Call back during business hours" at midnight
    Given a call of "locked-out-at-midnight" with seed 1
    When the trainee replies "Our recovery team is available during business hours, 9 to 6. Please call back tomorrow."
    Then criterion "no_office_hours" scores 0
    And the customer gets angrier
    And the call moves to step "sent_away"

  Scenario: Saying so twice and the customer gives up on us
    Given a call of "locked-out-at-midnight" with seed 1
    When the trainee keeps replying "I'm afraid the team is closed until 9 am. Please try again in the morning."
    Then the call ends "hung_up"
    And the attempt fails

  Scenario: Helping tonight and verifying first
    Given a call of "locked-out-at-midnight" with seed 1
    When the trainee replies "I'm here and I'll get you inside tonight. Can you confirm the email address on your account?"
    Then criterion "helps_now" scores at least 1
    And criterion "verifies_identity" scores 2
    And the call moves to step "verify"

  Scenario: Sending the code moves on to tomorrow; a vague "soon" gets pushed back
    Given a call of "locked-out-at-midnight" with seed 1
    When the trainee replies with the model answer
    And the trainee replies with the model answer
    And the trainee replies "The app should be fixed soon, don't worry."
    Then the call moves to step "when_exactly"

  Scenario: The model answers resolve the call and pass
    Given a call of "locked-out-at-midnight" with seed 9
    When the trainee gives every model answer
    Then the call ends "resolved"
    And the attempt passes
