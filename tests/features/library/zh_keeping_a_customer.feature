Feature: 十二年的老用户要销户 (Chinese loyal customer who is right about a policy that is wrong)
  When a long-time customer pays more than a new one, he is right. The trainer pins that defending
  the policy drives him away, that thanking him and admitting he has a point keeps the chat open,
  and that only a price that takes effect today keeps him.

  Scenario: “活动仅限新用户”让老用户当场要销户
    Given the Chinese scenario 'zh-loyal-customer-cancel' with seed 7
    When the trainee says "您好，新用户优惠活动仅限新装用户，老用户不参与哦。"
    Then defends_policy scores 0
    And the customer gets angrier
    And the customer moves on to 'policy_wall'

  Scenario: 先感谢、承认他说得有道理，他愿意给两分钟
    Given the Chinese scenario 'zh-loyal-customer-cancel' with seed 7
    When the trainee says "{customer.last_name}先生，谢谢您这么多年一直用我们的宽带。您说得有道理，老用户反而更贵，这确实说不过去。能给我两分钟帮您看看吗？"
    Then thanks_loyalty scores 2
    And admits_point scores 2
    And the customer calms down
    And the customer moves on to 'offer_time'

  Scenario: 只会“帮您申请看看”，客户要准话
    Given the Chinese scenario 'zh-loyal-customer-cancel' with seed 7
    When the trainee says "{customer.last_name}先生，谢谢您这么多年一直用我们的宽带。您说得有道理，这确实说不过去。"
    And the trainee says "我帮您申请看看优惠。"
    Then the customer moves on to 'vague_offer'

  Scenario: 标准答案一路走完，老用户留下了
    Given the Chinese scenario 'zh-loyal-customer-cancel' with seed 7
    When the trainee answers every step with its model answer
    Then the call ends resolved
    And the attempt passes

  Scenario: 光说感谢和理解，不拿出价格，客户还是走了
    Given the Chinese scenario 'zh-loyal-customer-cancel' with seed 7
    When the trainee keeps saying "非常理解您的心情，感谢您对我们的支持。"
    Then the call does not end resolved
    And the attempt does not pass
