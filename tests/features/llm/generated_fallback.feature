Feature: A generated customer that fails falls back to the script
  With an LLM configured the customer speaks freely, but a trainee's practice never stops because
  the model is down, slow or talking nonsense: the scripted line is used, the trainee is told each
  time, and the call goes on with every turn kept. Nothing the model writes reaches the trainee
  before it has been checked.

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

  Scenario: The model writes in its own end signal, and the engine ignores it
    When the model answers "Okay. So what happens now?" with the signal "hung_up"
    And the trainee replies "I'm so sorry you waited that long, that's on us."
    Then the call has not ended
    And the customer says "Okay. So what happens now?"

  Scenario: The model answers too slowly, once
    When the model takes longer than the time limit
    And the trainee replies "I'm so sorry you waited that long, that's on us."
    Then the customer's line is the scripted one
    And a notice says the model did not answer in time
    When the trainee replies "What happens when you try to turn it on?"
    Then the customer's line comes from the model

  Scenario: The model repeats its instructions and is asked again
    When the model answers "You are role-playing a customer in a contact-center training simulation."
    And the trainee replies "I'm so sorry you waited that long, that's on us."
    Then the customer's line comes from the model
    And the trainee never saw "role-playing"

  Scenario: The model gives away a hidden fact nobody asked about, twice
    When the model twice answers with the customer's hidden fact
    And the trainee replies "I'm so sorry you waited that long, that's on us."
    Then the customer's line is the scripted one
    And a notice says the model's answer was not usable
    And the trainee never saw the hidden fact
