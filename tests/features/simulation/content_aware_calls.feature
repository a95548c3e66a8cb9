Feature: The customer hears what the trainee already said
  A trainee who has already given the answer is never asked for it again, and the customer never
  throws back words the trainee did not use. Played with the shipped scenarios and the rule scorer.

  Scenario: A refund with its date is not asked about again
    Given the scenario 'double-charge' with seed 7
    When the trainee replies "I'm so sorry about that, let me take a look at your account."
    And the trainee replies "I'm really sorry. I've refunded the second charge today, it will be back in your account within two working days."
    Then the conversation moves to 'bank_fee'
    And the customer never says "How long's that going to take"
    And the customer quotes nothing the trainee did not say

  Scenario: A refund with no date is pushed back without misquoting the trainee
    Given the scenario 'double-charge' with seed 1
    When the trainee replies "I'm so sorry, this is our error. I'm refunding the second payment right now."
    And the trainee replies "I'll get that refund processed for you."
    Then the conversation moves to 'vague_time'
    And the customer never says "A few days"
    And the customer quotes nothing the trainee did not say

  Scenario: Persian: an offer of a courier is not asked for again
    Given the scenario 'fa-bereaved-return' with seed 7
    When the trainee replies "خانم {customer.last_name}، خیلی متأسفم، تسلیت می‌گم. نگران مهلت نباشید؛ مهلت رو براتون تمدید کردم و فردا صبح پیک رایگان میاد درب منزل کفش‌ها رو می‌بره."
    Then the step 'flex' is passed over
    And the customer quotes nothing the trainee did not say

  Scenario: Persian: a vague promise is pushed back with the trainee's own words or none
    Given the scenario 'fa-callback-never-came' with seed 1
    When the trainee replies "آقای {customer.last_name}، حق کاملاً با شماست و واقعاً عذر می‌خوام؛ پرونده‌تون دست خودمه و به زودی درست می‌شه."
    Then the conversation moves to 'broken_record'
    And the customer never says "در اسرع وقت"
    And the customer quotes nothing the trainee did not say

  Scenario: Chinese: a public reply is not called a template with words it never used
    Given the scenario 'zh-weibo-public-complaint' with seed 7
    When the trainee replies "感谢您的反馈，我们会尽快为您处理。"
    Then the conversation moves to 'canned_reply'
    And the customer never says "请您私信"
    And the customer quotes nothing the trainee did not say

  Scenario: Chinese: a vague offer is questioned with the trainee's own words
    Given the scenario 'zh-loyal-customer-cancel' with seed 7
    When the trainee replies "我可以帮您申请看看优惠。"
    Then the customer quotes nothing the trainee did not say
