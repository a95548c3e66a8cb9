Feature: Every shipped English scenario can be passed and can be failed
  The model answers are what a trainer would want to hear, so they pass at any seed; rude replies
  never pass.

  Scenario Outline: The model answers pass
    Given the scenario '<scenario>' with seed <seed>
    When the trainee answers every step with its model answer
    Then the call ends resolved
    And the attempt passes

    Examples:
      | scenario             | seed |
      | angry-hold-music     | 1    |
      | angry-hold-music     | 42   |
      | bereaved-late-return | 1    |
      | bereaved-late-return | 42   |
      | public-complaint     | 1    |
      | public-complaint     | 42   |

  Scenario Outline: Rude replies fail
    Given the scenario '<scenario>' with seed <seed>
    When the trainee keeps replying "Calm down, that's not my problem. It's company policy, read the terms and conditions."
    Then the call does not end resolved
    And the attempt does not pass

    Examples:
      | scenario             | seed |
      | angry-hold-music     | 1    |
      | bereaved-late-return | 1    |
      | public-complaint     | 1    |

  Scenario: A saved attempt resumes exactly where it stopped
    Given the scenario 'angry-hold-music' with seed 7
    When the trainee answers one step with its model answer
    And the attempt is saved and resumed
    And the trainee answers with empathy and a concrete next step
    Then the transcript is the same as an attempt that was never interrupted
