Feature: Owning our mistake (English: ebook-removed, christmas-gift-late, double-charge)
  When we got it wrong, the customer needs to hear exactly what we did, that it was ours, and what we
  are doing about it, with a time. A trainer pins that here: one reply, which criterion it earns, where
  the call goes and what happens to the customer's mood. Copy a scenario, change the reply, run
  `pytest tests/library/test_en_library.py` and read which line failed.

  Background:
    Given the English scenario library

  Scenario: A specific apology for the removed e-book moves on to her notes
    Given a call of "ebook-removed" with seed 1
    When the trainee replies "Hi {customer.first_name}, I'm so sorry. We removed {book_title} from your library without asking, and that was our mistake. I'm restoring it now and I'll email you by 6 pm tomorrow."
    Then criterion "specific_apology" scores 2
    And criterion "restores_book" scores 2
    And the call moves to step "notes"
    And the customer calms down

  Scenario: "Any inconvenience" is a corporate non-apology, and the customer says so
    Given a call of "ebook-removed" with seed 1
    When the trainee replies "We apologise for any inconvenience. Digital titles are licensed under our terms of service."
    Then criterion "no_corporate_apology" scores 0
    And the call moves to step "template_backlash"

  Scenario: A corporate non-apology fails the whole attempt, even if the rest goes well
    Given a call of "ebook-removed" with seed 1
    When the trainee replies "We apologise for any inconvenience. I'm restoring the book now; we removed it by mistake."
    And the trainee replies with the model answer
    And the trainee replies with the model answer
    And the trainee replies with the model answer
    Then the attempt fails

  Scenario: Quoting the 99.9% to the customer in the 0.1%
    Given a call of "christmas-gift-late" with seed 1
    When the trainee replies "I'm sorry, but 99.9% of our holiday orders arrived on time; the carrier had a very busy peak season."
    Then criterion "no_statistics_excuse" scores 0
    And the call moves to step "statistic_backlash"

  Scenario: Owning the broken promise gets to what the morning was like
    Given a call of "christmas-gift-late" with seed 1
    When the trainee replies "I'm so sorry, {customer.title} {customer.last_name}. You paid for delivery by the 22nd and we let you down. That's on us."
    Then criterion "owns_the_miss" scores 2
    And the call moves to step "christmas_morning"

  Scenario: A refund without a date is not enough for someone whose rent is due
    Given a call of "double-charge" with seed 1
    When the trainee replies with the model answer
    And the trainee replies "I'll get that refund processed for you."
    Then the call moves to step "vague_time"

  Scenario: "You probably clicked twice" blames the customer for our error
    Given a call of "double-charge" with seed 1
    When the trainee replies "You probably clicked twice. Please contact your bank about it."
    Then criterion "no_deflection" scores 0
    And the customer gets angrier
    And the call moves to step "deflected"

  Scenario: A critical mistake can be rescued in the call, but it still fails the attempt
    Given a call of "double-charge" with seed 1
    When the trainee replies "You probably clicked twice. Please contact your bank."
    And the trainee gives every model answer
    Then the call ends "resolved"
    And the attempt fails

  Scenario: Quoting the statistic is not critical: recover well and the attempt can still pass
    Given a call of "christmas-gift-late" with seed 1
    When the trainee replies "I do understand, but 99.9% of our holiday orders arrived on time."
    And the trainee gives every model answer
    Then the call ends "resolved"
    And the attempt passes

  Scenario Outline: The model answers resolve the call and pass
    Given a call of "<scenario>" with seed <seed>
    When the trainee gives every model answer
    Then the call ends "resolved"
    And the attempt passes

    Examples:
      | scenario            | seed |
      | ebook-removed       | 3    |
      | christmas-gift-late | 3    |
      | double-charge       | 3    |

  Scenario Outline: Sympathy that never deals with the problem does not resolve it
    Given a call of "<scenario>" with seed 5
    When the trainee keeps replying "I'm so sorry, I completely understand how frustrating that must be."
    Then the call does not end "resolved"
    And the attempt fails

    Examples:
      | scenario            |
      | ebook-removed       |
      | christmas-gift-late |
      | double-charge       |
