Feature: A clear explanation for a confused customer (English: prorated-bill)
  A polite customer on a fixed income does not understand why her bill is $67.50 on a $60 plan. She
  needs her own numbers in plain words. This scenario has its own mood rules: a clear explanation
  calms her, billing jargon flusters her.

  Background:
    Given the English scenario library

  Scenario: Billing jargon loses her
    Given a call of "prorated-bill" with seed 1
    When the trainee replies "It's a prorated charge for the partial billing cycle after your plan change."
    Then criterion "no_billing_jargon" scores 0
    And the customer gets angrier
    And the call moves to step "lost"

  Scenario: Her own numbers, in plain words, calm her down
    Given a call of "prorated-bill" with seed 1
    When the trainee replies with the model answer
    And the trainee replies "For the last 15 days of last month you were on the bigger plan but had paid the old price, so this bill adds the difference for those 15 days: $7.50. Does that make sense?"
    Then criterion "explains_charge" scores 2
    And criterion "checks_understanding" scores 2
    And the customer calms down
    And the call moves to step "next_month"

  Scenario: Repeating the jargon, with "as I said", and she gives up
    Given a call of "prorated-bill" with seed 1
    When the trainee keeps replying "As I said, it's the pro rata adjustment on your account."
    Then the call ends "hung_up"
    And the attempt fails

  Scenario: The model answers resolve the call and pass
    Given a call of "prorated-bill" with seed 2
    When the trainee gives every model answer
    Then the call ends "resolved"
    And the attempt passes
