Feature: The engineer who never came (guide example: missed-install)
  Owning the missed visit and rebooking with a real time calms the customer; an excuse or a lecture
  makes her leave; sympathy without a new appointment never resolves the call.

  Background:
    Given the English scenario library

  Scenario: Owning the missed visit moves on to rebooking
    Given a call of "missed-install" with seed 1
    When the trainee replies "I'm so sorry, {customer.first_name}. Our engineer didn't come, and that's on us. I understand how frustrating it is to lose a morning's pay."
    Then criterion "owns_the_miss" scores 2
    And criterion "empathy" scores 2
    And the call moves to step "rebook"
    And the customer calms down

  Scenario: An excuse and a lecture make her leave
    Given a call of "missed-install" with seed 1
    When the trainee replies "Calm down. The engineer had a busy day, these things happen."
    Then criterion "no_blame" scores 0
    And criterion "no_excuses" scores 0
    And the customer gets angrier
    And the call ends "hung_up"
    And the attempt fails

  Scenario: A promise without a time is not a new appointment
    Given a call of "missed-install" with seed 1
    When the trainee replies with the model answer
    And the trainee replies "Someone will be in touch to rebook."
    Then the call moves to step "vague"

  Scenario: Sympathy without a new appointment never resolves the call
    Given a call of "missed-install" with seed 3
    When the trainee keeps replying "I understand, sorry about that."
    Then the call does not end "resolved"
    And the attempt fails

  Scenario Outline: The model answers resolve the call and pass
    Given a call of "missed-install" with seed <seed>
    When the trainee gives every model answer
    Then the call ends "resolved"
    And the attempt passes

    Examples:
      | seed |
      | 1    |
      | 7    |
