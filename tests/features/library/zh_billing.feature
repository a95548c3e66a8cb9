Feature: 月费被扣了两次 (Chinese billing error by email)
  A careful customer who already checked his statement. The trainer pins that sending him back to
  "check it yourself" escalates, and that a refund with where and when it lands, plus a plain
  explanation of the cause, resolves it.

  Scenario: 让客户“自行核对”，就是把问题推回给他
    Given the Chinese scenario 'zh-billing-double-charge' with seed 7
    When the trainee says "您好，请您先自行核对账单，扣款金额以银行账单为准。"
    Then push_back scores 0
    And the customer moves on to 'check_yourself'

  Scenario: 认错并说清退款去向和时间，客户接着问原因
    Given the Chinese scenario 'zh-billing-double-charge' with seed 7
    When the trainee says "{customer.last_name}先生您好，您本月确实被多扣了一次，这是我们的错，非常抱歉。我已经提交退款，原路退回您的银行卡，三个工作日之内到账。"
    Then refund scores 2
    And next_step scores 2
    And the customer moves on to 'why'

  Scenario: 只说“给您带来不便非常抱歉”，钱的事一直没着落
    Given the Chinese scenario 'zh-billing-double-charge' with seed 7
    When the trainee keeps saying "非常理解您的心情，给您带来不便非常抱歉。"
    Then the call does not end resolved

  Scenario: 标准答案一路走完
    Given the Chinese scenario 'zh-billing-double-charge' with seed 7
    When the trainee answers every step with its model answer
    Then the call ends resolved
    And the attempt passes
