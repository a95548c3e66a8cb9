Feature: The reply box is honest about what it takes
  One limit for a reply's length, stated next to the box. A reply over it is refused with a message
  that names the limit and keeps the text to copy, never dropped; an empty reply says why nothing
  happened; starting another call while one is in progress asks first.

  Background:
    Given Ana is in a practice call on 'app-hold'

  Scenario: The limit is stated next to the reply box
    Then the page says a reply can have up to 4,000 characters

  Scenario Outline: A pasted reply over the limit is refused, with the limit, and kept
    When Ana sends a reply of <length> characters
    Then the reply is not sent and the message says "a reply can have at most 4,000"
    And the message says how long her reply was: "<shown>"
    And her reply is kept for her to copy
    And the call is still at its opening line

    Examples:
      | length | shown  |
      | 4500   | 4,500  |
      | 20000  | 20,000 |

  Scenario: A reply at the limit goes through
    When Ana sends a reply of 4000 characters
    Then the customer answers

  Scenario: An empty reply says why nothing happened
    When Ana sends a reply of only spaces
    Then she is told "Nothing was sent: your reply was empty"
    And the call is still at its opening line

  Scenario: Starting another call mid-call asks first and keeping it leaves it resumable
    Given Ana opens Practice again in a new browser session
    When she starts a call on 'app-hold' again
    Then she is asked to confirm, told that her call in progress would be closed
    When she keeps her call in progress
    Then her call is still offered for resume

  Scenario: Confirming starts the new call
    Given Ana opens Practice again in a new browser session
    When she starts a call on 'app-hold' again
    And she confirms the new call
    Then a new call begins at its opening line
    And her earlier call is no longer offered for resume
