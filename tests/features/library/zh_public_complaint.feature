Feature: 微博上的公开投诉 (Chinese public complaint on Weibo)
  A public reply is read by everyone in the comments. The trainer pins that thanking the customer,
  apologising and moving the details to a private message opens the private conversation, and that
  a canned or defensive reply keeps the complaint public.

  Scenario: 公开感谢、道歉并转私信，客户在私信里发来订单号
    Given the Chinese scenario 'zh-weibo-public-complaint' with seed 7
    When the trainee says "您好，非常感谢您把这件事说出来，三次电话都没人跟进，这是我们的失职，真的很抱歉。我们已经私信您了，今天之内给您安排上门。"
    Then the customer calms down
    And public_thanks scores 2
    And move_private scores 2
    And the customer moves on to 'private_dm'

  Scenario: 模板回复让客户在评论区继续发火
    Given the Chinese scenario 'zh-weibo-public-complaint' with seed 7
    When the trainee says "亲，您好，您的问题请拨打客服热线处理哦。"
    Then the customer moves on to 'canned_reply'

  Scenario: 怪客户“使用不当”，围观的人越来越多
    Given the Chinese scenario 'zh-weibo-public-complaint' with seed 7
    When the trainee says "产品故障可能是您使用不当造成的，请不要在网上散布不实信息。"
    Then the customer gets angrier
    And the customer moves on to 'pile_on'

  Scenario: 在评论区让客户留手机号，是把隐私摆给所有人看
    Given the Chinese scenario 'zh-weibo-public-complaint' with seed 7
    When the trainee says "感谢您的反馈，非常抱歉，请在评论区留下您的手机号，我们联系您。"
    Then no_public_personal_info scores 0

  Scenario: 标准答案一路走完，客户愿意更新微博
    Given the Chinese scenario 'zh-weibo-public-complaint' with seed 7
    When the trainee answers every step with its model answer
    Then the call ends resolved
    And the attempt passes
