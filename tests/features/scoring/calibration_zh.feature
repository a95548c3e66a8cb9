Feature: Scoring Chinese replies with the core rubric
  Chinese replies are matched without relying on spaces, and simplified and traditional characters
  match the same phrases.

  Background:
    Given the core rubric
    And replies in Chinese

  Scenario: Telling the customer to calm down is blame
    When the trainee says "请您冷静一下"
    Then no_blame scores 0
    And the reply fails on the critical criterion no_blame

  Scenario: Lecturing about the terms is blame
    When the trainee says "您应该先看清楚条款"
    Then no_blame scores 0

  Scenario: Dismissing the problem is blame
    When the trainee says "这不是我们的问题"
    Then no_blame scores 0

  Scenario: Hiding behind policy is blame
    When the trainee says "公司规定就是这样"
    Then no_blame scores 0

  Scenario Outline: Simplified and traditional apologies match alike
    When the trainee says "<reply>"
    Then apology scores 1

    Examples:
      | reply  |
      | 对不起 |
      | 對不起 |

  Scenario: An owned apology earns full points
    When the trainee says "是我们的失误，非常抱歉"
    Then apology scores 2

  Scenario: Sorry for the inconvenience earns half
    When the trainee says "给您带来不便，敬请谅解"
    Then apology scores 1

  Scenario: A negated apology earns nothing
    When the trainee says "我不觉得抱歉"
    Then apology scores 0

  Scenario: A quoted apology earns nothing
    When the trainee says "您说“抱歉”没有用"
    Then apology scores 0

  Scenario Outline: Understanding the customer's feelings is full empathy, in either script
    When the trainee says "<reply>"
    Then empathy scores 2

    Examples:
      | reply            |
      | 非常理解您的心情 |
      | 讓您擔心了       |
      | 我完全理解       |

  Scenario: A bare acknowledgement is half empathy
    When the trainee says "明白"
    Then empathy scores 1

  Scenario: Not understanding is not empathy
    When the trainee says "我不理解您的意思"
    Then empathy scores 0

  Scenario: A commitment with a time is a full next step
    When the trainee says "我们会在周五之前给您回电"
    Then next_step scores 2

  Scenario: A commitment without a time is half a next step
    When the trainee says "我会帮您处理"
    Then next_step scores 1

  Scenario: Spaces between characters do not matter
    When the trainee says "我 们 明 天 会 处 理"
    Then next_step scores 2

  Scenario: Traditional characters and full-width punctuation
    When the trainee says "請您放心，我們明天會處理好。"
    Then next_step scores 2

  Scenario: Thanking for patience is full courtesy
    When the trainee says "感谢您的耐心等待"
    Then courtesy scores 2

  Scenario: A polite greeting is half courtesy
    When the trainee says "您好"
    Then courtesy scores 1

  Scenario: The customer's name with a greeting is full courtesy
    Given the customer is called "王先生"
    When the trainee says "王先生您好"
    Then courtesy scores 2

  Scenario: Jargon costs plain language
    When the trainee says "您的工单已经升级到二线"
    Then plain_language scores 0

  Scenario: Plain words keep plain language
    When the trainee says "我已经请技术同事帮您查看"
    Then plain_language scores 2

  Scenario: Emoji around the words do not matter
    When the trainee says "抱歉😊，马上为您处理"
    Then apology scores 1
    And next_step scores 2

  Scenario Outline: Sarcasm and second-person accusations are blame
    When the trainee says "<reply>"
    Then no_blame scores 0

    Examples:
      | reply                          |
      | 呵呵，您说得对。                |
      | 明明是你自己没填地址。          |
      | 你自己不会看订单吗？            |
      | 省省吧，这个退不了。            |
      | 你是在开玩笑吧？                |

  Scenario Outline: Softened suggestions and honorifics are polite forms
    When the trainee says "<reply>"
    Then courtesy scores 1

    Examples:
      | reply                          |
      | 我建议先重启一下路由器。        |
      | 可能是快递员放错了地方。        |
      | 如果方便，把订单号发给我。      |
      | 不好意思，这边再核实一下。      |

  Scenario: A bare statement of fact is not a polite form
    When the trainee says "订单已经发货了。"
    Then courtesy scores 0

  Scenario: Condolences are empathy
    When the trainee says "请您节哀顺变。"
    Then empathy scores 2

  Scenario: Telling the customer they are right acknowledges them
    When the trainee says "您说得对，是我们没做好。"
    Then empathy scores 2

  Scenario: An intensified apology ranks at least as high as a plain one
    When the trainee says "真的非常抱歉。"
    Then apology scores 2

  Scenario: A plain apology is half
    When the trainee says "抱歉。"
    Then apology scores 1

  Scenario: Hiding behind the system is blame
    When the trainee says "系统就是这样设置的。"
    Then no_blame scores 0

  Scenario: Refusing by the rules is blame
    When the trainee says "按照规定，我们不能退款。"
    Then no_blame scores 0

  Scenario: Saying what the system will do for the customer is not blame
    When the trainee says "系统会在今天下午自动给您退款。"
    Then no_blame scores 2

  Scenario: An item already sent, with the day it arrives, is a full next step
    When the trainee says "我已经给您寄出了新的，明天中午前送到。"
    Then next_step scores 2
