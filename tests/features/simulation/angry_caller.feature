Feature: The caller after twenty minutes of hold music
  A trainer expects the simulated caller to react to how the trainee speaks: owning the problem
  and giving a concrete plan calms them down; blaming them makes them hang up.

  Scenario: Empathy and a concrete next step resolve the call
    Given the scenario 'angry-hold-music' with seed 7
    When the trainee answers with empathy and a concrete next step
    Then the customer calms down
    And the call ends resolved
    And the attempt passes

  Scenario: Telling an angry caller to calm down makes them hang up
    Given the scenario 'angry-hold-music' with seed 7
    When the trainee replies "Calm down. It's not my fault you waited, everyone has to wait."
    Then the customer gets angrier
    And the mood changes because of 'blame'
    And the call ends hung_up
    And the attempt does not pass

  Scenario: Apologising for the wait but never fixing the phone does not resolve the call
    Given the scenario 'angry-hold-music' with seed 3
    When the trainee keeps replying "I'm so sorry about the wait, I understand how frustrating that is."
    Then the call does not end resolved
    And the attempt does not pass

  Scenario: A slow answer annoys the caller
    Given the scenario 'angry-hold-music' with seed 7
    When the trainee replies "I understand, I'm so sorry you waited that long." after 120 seconds
    Then the mood changes because of 'slow'
