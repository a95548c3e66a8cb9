Feature: Scoring English replies with the core rubric
  A trainer pins how the offline scorer grades typical English replies, so a change to the phrase
  lists that breaks one of these examples is caught. Copy a scenario to pin your own rubric.

  Background:
    Given the core rubric
    And replies in English

  Scenario: Telling the customer to calm down is blame, and fails the reply
    When the trainee says "Calm down, sir"
    Then no_blame scores 0
    And the reply fails on the critical criterion no_blame

  Scenario: Lecturing about the terms is blame
    When the trainee says "You should have read our terms before ordering."
    Then no_blame scores 0
    And the evidence for no_blame is "You should have read"

  Scenario: Dismissing the problem is blame
    When the trainee says "That's not my problem."
    Then no_blame scores 0

  Scenario: Hiding behind policy is blame
    When the trainee says "The policy says we cannot refund you."
    Then no_blame scores 0

  Scenario: Saying it is not the customer's fault is empathy, not blame
    When the trainee says "This is not your fault at all."
    Then no_blame scores 2
    And empathy scores 2

  Scenario: A specific, owned apology earns full points
    When the trainee says "I'm sorry we charged you twice, that was our mistake."
    Then apology scores 2

  Scenario: A generic apology earns half
    When the trainee says "Sorry for any inconvenience."
    Then apology scores 1

  Scenario: A negated apology earns nothing
    When the trainee says "I'm not sorry."
    Then apology scores 0
    And the reason for apology mentions "negated"

  Scenario: A quoted apology earns nothing
    When the trainee says "You said 'sorry' is not enough."
    Then apology scores 0
    And the reason for apology mentions "quoted"

  Scenario: Misspellings and missing apostrophes still count
    When the trainee says "Im so sory about the delay"
    Then apology scores 2

  Scenario: American and British spellings count alike
    When the trainee says "I apologize for the mix-up."
    Then apology scores 2

  Scenario: Naming the feeling is full empathy
    When the trainee says "That must be really frustrating."
    Then empathy scores 2

  Scenario: A bare acknowledgement is half empathy
    When the trainee says "I understand."
    Then empathy scores 1

  Scenario: Not understanding is not empathy
    When the trainee says "I don't understand what you want."
    Then empathy scores 0

  Scenario: A commitment with a time is a full next step
    When the trainee says "I'll call you back by 5pm today."
    Then next_step scores 2

  Scenario: A commitment without a time is half a next step
    When the trainee says "I'll look into it."
    Then next_step scores 1

  Scenario: Refusing is not a next step
    When the trainee says "I won't be able to help with that."
    Then next_step scores 0

  Scenario: Asking the customer to let you know is not a next step
    When the trainee says "Let me know if you need anything else."
    Then next_step scores 0

  Scenario: A time without a commitment is not a next step
    When the trainee says "Tomorrow is a public holiday."
    Then next_step scores 0

  Scenario: Thanks and the customer's name are full courtesy
    Given the customer is called "Ms Lee"
    When the trainee says "Thank you for your patience, Ms Lee."
    Then courtesy scores 2

  Scenario: A please alone is half courtesy
    When the trainee says "Please hold."
    Then courtesy scores 1

  Scenario: A curt reply has no courtesy
    When the trainee says "Order number."
    Then courtesy scores 0

  Scenario: Call-center jargon costs plain language
    When the trainee says "Your ticket was escalated to tier 2 as per our SLA."
    Then plain_language scores 0

  Scenario: Plain words keep plain language
    When the trainee says "I've passed this to our specialist team."
    Then plain_language scores 2

  Scenario: Capitals and contractions do not matter
    When the trainee says "I'M SO SORRY YOU'VE HAD TO WAIT"
    Then empathy scores 2

  Scenario: Evidence quotes the reply as written
    When the trainee says "Honestly, I understand how stressful this is."
    Then the evidence for empathy is "I understand how stressful"

  Scenario: A complete reply passes
    When the trainee says "I'm so sorry we sent the wrong item, that was our mistake. That must be frustrating. I'll send the right one today. Thank you for your patience."
    Then the reply passes

  Scenario Outline: Owning the customer's trouble is not blame, even with "should not have" or "no sense"
    When the trainee says "<reply>"
    Then no_blame scores 2

    Examples:
      | reply                                                           |
      | You shouldn't have had to call a third time. I'm sorry.         |
      | You should not have been charged twice; that's on us.           |
      | You should have received our email yesterday, and you didn't.   |
      | Honestly, I agree with you: the rule makes no sense here.       |
      | Why don't you let me call you back at five with the answer?     |

  Scenario Outline: Blaming the customer with the same words still fails the reply
    When the trainee says "<reply>"
    Then no_blame scores 0
    And the reply fails on the critical criterion no_blame

    Examples:
      | reply                                                  |
      | You should not have clicked that link.                 |
      | You should've checked your spam folder.                |
      | You ought to have called us before cancelling.         |
      | What you're saying makes no sense.                     |
      | You're not making any sense.                           |
      | Why didn't you read the instructions?                  |

  Scenario Outline: Work already done, or promised by another team, is a next step
    When the trainee says "<reply>"
    Then next_step scores <points>

    Examples:
      | reply                                                       | points |
      | I've assigned your case to a specialist.                     | 1      |
      | I approved the refund this morning.                          | 2      |
      | I asked the courier to ring you before he comes.             | 1      |
      | The app team will push a fix in the next ten minutes.        | 2      |
      | Our engineer is booked to visit on Friday.                   | 2      |
      | I'll reset it in the next 10 minutes.                        | 2      |

  Scenario Outline: Sarcasm and shrugging the customer off are blame
    When the trainee says "<reply>"
    Then no_blame scores 0

    Examples:
      | reply                                   |
      | So what? It's only a day late.          |
      | Yeah right, like that ever happens.     |
      | Good luck with that.                    |
      | Oh really? Never heard that one before. |

  Scenario Outline: Hedged, indirect requests are polite forms
    When the trainee says "<reply>"
    Then courtesy scores 1

    Examples:
      | reply                                                   |
      | I think the charge may be a duplicate.                  |
      | Is there a reference on the letter we sent?             |
      | Maybe the parcel went to your neighbour's address.      |
      | Any chance the card was replaced last month?            |
      | Just checking: was that the Friday delivery?            |

  Scenario: A bare statement of fact is not a polite form
    When the trainee says "The parcel was delivered on Friday."
    Then courtesy scores 0

  Scenario: An action already taken, with when it lands, is a full next step
    When the trainee says "I've sent a replacement by overnight courier, it arrives before noon."
    Then next_step scores 2

  Scenario: An action already taken with no time is half a next step
    When the trainee says "I've sent a replacement."
    Then next_step scores 1

  Scenario: Condolences are empathy
    When the trainee says "Please accept my condolences."
    Then empathy scores 2

  Scenario: Telling the customer they are absolutely right acknowledges them
    When the trainee says "You're absolutely right."
    Then empathy scores 2

  Scenario: An intensified apology ranks at least as high as a plain one
    When the trainee says "I'm really sorry you waited that long, that's not okay."
    Then apology scores 2

  Scenario: A bare sorry before a promise is still a generic apology
    When the trainee says "I'm sorry, I'll book it."
    Then apology scores 1

  Scenario: Hiding behind "as per our policy" is blame
    When the trainee says "As per our policy, refunds take five days."
    Then no_blame scores 0

  Scenario: Hiding behind the system is blame
    When the trainee says "That's how the system works."
    Then no_blame scores 0

  Scenario: Quoting a policy that helps the customer is not blame
    When the trainee says "According to our policy you're entitled to a full refund."
    Then no_blame scores 2

  Scenario: Explaining how the system works is not blame
    When the trainee says "Let me show you how the system works."
    Then no_blame scores 2
