Feature: The deleted e-book, complained about in public
  In public: thank them, apologise specifically, and move to a private channel; then fix it with a time.

  Scenario: Thanks, a specific apology and a private channel resolve the complaint
    Given the scenario 'public-complaint' with seed 5
    When the trainee answers with empathy and a concrete next step
    Then the customer calms down
    And the call ends resolved
    And the attempt passes

  Scenario: Thanking them and inviting a direct message moves the conversation to private
    Given the scenario 'public-complaint' with seed 5
    When the trainee replies "Thank you for telling us, and I'm so sorry we removed your book. Please send us a direct message so I can fix it today."
    Then the customer calms down
    And the conversation moves to 'private'

  Scenario: Blaming the customer in public makes others pile on
    Given the scenario 'public-complaint' with seed 5
    When the trainee replies "Please calm down. You must have deleted it yourself, it's not our fault."
    Then the customer gets angrier
    And the conversation moves to 'pile-on'

  Scenario: Apologising without ever moving to a private channel does not resolve it
    Given the scenario 'public-complaint' with seed 9
    When the trainee keeps replying "I'm so sorry, that was our mistake."
    Then the call does not end resolved
    And the attempt does not pass
