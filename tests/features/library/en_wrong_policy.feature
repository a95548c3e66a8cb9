Feature: The customer is right and the policy is wrong (English: cancel-by-post)
  In public, a member points out that joining takes two minutes online and leaving needs a posted
  letter. Agree, fix it for them today, and take the rule to the people who own it, with a time.
  Reciting the policy is a critical failure.

  Background:
    Given the English scenario library

  Scenario: Reciting the terms in public
    Given a call of "cancel-by-post" with seed 1
    When the trainee replies "Cancellations have to be made in writing, in line with our terms and conditions."
    Then criterion "no_policy_shield" scores 0
    And the call moves to step "pile_on"

  Scenario: "Please DM us" without answering the point
    Given a call of "cancel-by-post" with seed 1
    When the trainee replies "Hi, please DM us and we'll take a look."
    Then the call moves to step "canned"

  Scenario: Agreeing and fixing it moves the conversation into private messages
    Given a call of "cancel-by-post" with seed 1
    When the trainee replies "Thanks for calling this out, and you're right: leaving shouldn't be harder than joining. You don't need to send a letter; DM us and I'll cancel it for you today."
    Then criterion "agrees_they_are_right" scores 2
    And criterion "fixes_it_for_them" scores 2
    And criterion "thanks_publicly" scores 2
    And the call moves to step "in_dm"

  Scenario: Fixing it for one customer but not raising the rule
    Given a call of "cancel-by-post" with seed 1
    When the trainee replies with the model answer
    And the trainee replies "Done, I've cancelled your membership as of today and there won't be another payment."
    Then the call moves to step "only_me"

  Scenario: The model answers resolve the thread and pass
    Given a call of "cancel-by-post" with seed 6
    When the trainee gives every model answer
    Then the call ends "resolved"
    And the attempt passes
