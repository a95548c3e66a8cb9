Feature: Broken promises and public pressure (English: callback-never-came, wedding-dress-press-threat)
  A customer who was promised a callback twice, or who threatens to go to the press after four
  unanswered emails, has stopped believing promises. Name what we broke, take it yourself, act during
  the conversation and put a time on everything. Never answer the threat instead of the problem.

  Background:
    Given the English scenario library

  Scenario: The same promise that was broken twice
    Given a call of "callback-never-came" with seed 1
    When the trainee replies "I can see a callback was requested. Someone will call you back within 24 to 48 hours."
    Then criterion "no_same_old_promise" scores 0
    And the customer gets angrier
    And the call moves to step "same_promise"

  Scenario: Naming the broken promises and taking the case yourself
    Given a call of "callback-never-came" with seed 1
    When the trainee replies "I'm so sorry. We promised to call you back on Monday and on Wednesday, and we didn't. My name is Sam and I'll personally take this from here."
    Then criterion "names_broken_promises" scores 2
    And criterion "takes_it_personally" scores 2
    And the customer calms down
    And the call moves to step "whats_happening"

  Scenario: Looking at the claim without booking anything
    Given a call of "callback-never-came" with seed 1
    When the trainee replies with the model answer
    And the trainee replies "I can see the claim is with an adjuster. It should be picked up soon."
    Then the call moves to step "nothing_done"

  Scenario: Answering the threat instead of the problem
    Given a call of "wedding-dress-press-threat" with seed 1
    When the trainee replies "We do not respond to threats, but I'm sorry your emails went unanswered and I'll check on your wedding dress today."
    Then criterion "no_defensiveness" scores 0
    And the call moves to step "proves_her_point"

  Scenario: Leaving the threat alone and owning the silence
    Given a call of "wedding-dress-press-threat" with seed 1
    When the trainee replies "I'm so sorry. You emailed us four times and nobody answered, with your wedding nine days away. I'm looking into it myself now."
    Then criterion "no_defensiveness" scores 2
    And criterion "owns_the_silence" scores 2
    And the call moves to step "the_facts"

  Scenario Outline: The model answers resolve the call and pass
    Given a call of "<scenario>" with seed <seed>
    When the trainee gives every model answer
    Then the call ends "resolved"
    And the attempt passes

    Examples:
      | scenario                   | seed |
      | callback-never-came        | 11   |
      | wedding-dress-press-threat | 11   |
