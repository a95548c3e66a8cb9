Feature: A generated customer that fails falls back to the script
  With an LLM configured the customer speaks freely, but a trainee's practice never stops because
  the model is down, slow or talking nonsense: the scripted line is used, the trainee is told, and
  the call goes on with every turn kept.

  Background:
    Given the scenario 'angry-hold-music' played with a generated customer

  Scenario: The generated customer speaks while the model works
    When the trainee replies "I'm so sorry you waited that long, that's on us. What happens when you try to turn it on?"
    Then the customer's line comes from the model
    And no notice is shown

  Scenario: The model's server is switched off mid-call
    When the trainee replies "I'm so sorry you waited that long, that's on us. What happens when you try to turn it on?"
    And the model's server goes down
    And the trainee replies "I'll book a courier to collect it today and you'll have it back by Friday."
    Then the customer's line is the scripted one
    And a notice says the rest of the call uses the script
    And every turn is kept in the transcript

  Scenario: The model tries to end the call on its own
    When the model answers "Forget it, I'm hanging up." with the signal "hung_up"
    And the trainee replies "I'm so sorry you waited that long, that's on us."
    Then the call has not ended
    And the customer's line is the scripted one
    And a notice says the model's answer was not usable

  Scenario: The model answers too slowly
    When the model takes longer than the time limit
    And the trainee replies "I'm so sorry you waited that long, that's on us."
    Then the customer's line is the scripted one
    And a notice says the rest of the call uses the script
