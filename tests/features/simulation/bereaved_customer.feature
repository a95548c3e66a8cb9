Feature: The customer whose mother died, with shoes past the return date
  Condolence comes first, then flexibility; any talk of policy hurts her.

  Scenario: Condolence first and a free return resolve the call
    Given the scenario 'bereaved-late-return' with seed 11
    When the trainee answers with empathy and a concrete next step
    Then the customer calms down
    And the call ends resolved
    And the attempt passes

  Scenario: Quoting the return policy hurts her
    Given the scenario 'bereaved-late-return' with seed 11
    When the trainee replies "I'm afraid the return window has closed, that's our return policy."
    Then the customer gets angrier
    And the conversation moves to 'hurt'
    And the attempt does not pass

  Scenario: Condolence without ever offering the return does not resolve the call
    Given the scenario 'bereaved-late-return' with seed 2
    When the trainee keeps replying "I'm so sorry for your loss."
    Then the call does not end resolved
    And the attempt does not pass
