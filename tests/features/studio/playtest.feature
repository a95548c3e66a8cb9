Feature: Play-testing a scenario without recording it
  A trainer plays a scenario as a trainee would, sees the branch each reply takes, and can start at any
  step to try a late branch without replaying the whole call.

  Scenario: Empathy and an apology move the call on
    Given a play-test of "app-hold"
    When I reply "I understand how frustrating that is. I'm sorry."
    Then the call goes "branch 2 (empathy ≥ 1, apology ≥ 1) → plan"

  Scenario: Starting at a later step
    Given a play-test of "app-hold"
    When I start over at the step "plan"
    And I reply with the model answer
    Then the call ends "resolved"
