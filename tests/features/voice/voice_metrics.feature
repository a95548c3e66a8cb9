Feature: How a phone reply sounds is scored
  On a voice call the trainee answers out loud. Besides what they say, a trainer wants to know how it
  sounded: a pace the customer can follow, no dead air, few filler words, and room for the customer
  to talk. Each is scored like any other criterion, with the moments of the call as its evidence, and
  a call typed in text is never marked down for them.

  Background:
    Given a voice call to "angry-hold-music" whose opening line takes 10 seconds to say

  Scenario: A prompt answer at an easy pace keeps every point for how it sounded
    When the trainee starts speaking 1 second after the customer stops and says "I am so sorry about the wait, that must have been really frustrating. Let us get your phone sorted right now." over 9 seconds
    Then "speaking_rate" scores 2 of 2
    And "dead_air" scores 2 of 2
    And "filler_words" scores 2 of 2
    And "talk_time" scores 2 of 2
    And the scorecard shows the reply starting at 0:11.0 after 1.0 seconds of silence

  Scenario: Silence before answering is dead air, and the scorecard says when it was
    When the trainee starts speaking 6 seconds after the customer stops and says "I am so sorry about the wait." over 2.5 seconds
    Then "dead_air" scores 1 of 2
    And the evidence for "dead_air" runs from 0:10.0 to 0:16.0

  Scenario: Going quiet twice costs every dead-air point
    When the trainee starts speaking 5 seconds after the customer stops and says "I am so sorry. Let me look at that. Okay, I see the problem now." over 12 seconds with a 4 second pause
    Then "dead_air" scores 0 of 2
    And the reason for "dead_air" says "4.0s pause"

  Scenario: Gabbling is too fast to follow
    When the trainee starts speaking 1 second after the customer stops and says "I am so sorry about the wait we will get this fixed for you right away and send a courier tomorrow morning to collect your phone and bring it back" over 6 seconds
    Then "speaking_rate" scores 0 of 2
    And the reason for "speaking_rate" says "faster than 110 to 170"

  Scenario: Filler words are counted per minute and marked in the reply
    When the trainee starts speaking 1 second after the customer stops and says "Um, so, uh, I mean, I am sorry, you know, um, we will fix it." over 6 seconds
    Then "filler_words" scores 0 of 2
    And "filler_words" marks "Um", "uh", "I mean", "you know", "um"

  Scenario: Talking far more than the customer leaves no room to listen
    When the trainee starts speaking 1 second after the customer stops and says "I am so sorry about the wait. Let me explain everything about how our repairs work from start to finish." over 40 seconds
    Then "talk_time" scores 0 of 2
    And the reason for "talk_time" says "listen more"

  Scenario: A typed call is not scored on how it sounded
    When the trainee types "I am so sorry about the wait, that must have been really frustrating."
    Then the scorecard has no "speaking_rate", "dead_air", "filler_words" or "talk_time"
    And the scorecard shows no spoken replies

  Scenario: A reply said into the microphone is heard, timed and scored
    When the trainee says "I am so sorry for the wait. We will send you a refund on Friday." into the microphone 2 seconds after the customer stops
    Then the reply is written down with "refund" and "friday"
    And "next_step" scores 2 of 2
    And "dead_air" scores 2 of 2
