Feature: 千分之一的年货礼盒 (Chinese holiday package that was the 0.1%)
  For the customer whose package did not come, the on-time rate is zero. The trainer pins that
  quoting statistics or blaming the courier escalates, and that a concrete resend with a time before
  New Year's Eve dinner resolves the chat.

  Scenario: 拿“绝大多数订单都准时”当理由，客户炸了
    Given the Chinese scenario 'zh-holiday-gift-package' with seed 7
    When the trainee says "亲，我们绝大多数订单都准时送到了，您这个只是个别情况，请耐心等待哦~"
    Then stats_excuse scores 0
    And the customer moves on to 'boiling'

  Scenario: 亲切地道歉并马上查单
    Given the Chinese scenario 'zh-holiday-gift-package' with seed 7
    When the trainee says "亲，真的非常抱歉！说好春节前送到，让叔叔阿姨等了这么多天，非常理解您的心情。您把订单号发我，我马上帮您查。"
    Then the customer calms down
    And qin scores 2
    And the customer moves on to 'order_check'

  Scenario: 光道歉不补救，礼盒到不了
    Given the Chinese scenario 'zh-holiday-gift-package' with seed 7
    When the trainee keeps saying "亲，真的非常理解您的心情，让您和家人久等了，非常抱歉呢。"
    Then the call does not end resolved
    And the attempt does not pass

  Scenario: 标准答案一路走完，年夜饭前送到
    Given the Chinese scenario 'zh-holiday-gift-package' with seed 7
    When the trainee answers every step with its model answer
    Then the call ends resolved
    And the attempt passes
