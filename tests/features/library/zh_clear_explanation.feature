Feature: 看不懂话费账单的阿姨 (Chinese customer who needs a clear explanation)
  An elderly customer understands a comparison from daily life, not the words on the bill. The
  trainer pins that telecom jargon loses her, that a plain comparison moves the call on, and that
  asking whether she understood is what closes it well.

  Scenario: 念账单上的术语，阿姨一句都听不懂
    Given the Chinese scenario 'zh-elderly-phone-bill' with seed 7
    When the trainee says "您好，您本月产生了套外流量费用，按资费标准计费。"
    Then no_jargon_for_her scores 0
    And the customer gets angrier
    And the customer moves on to 'lost'

  Scenario: 打个比方，阿姨就明白了
    Given the Chinese scenario 'zh-elderly-phone-bill' with seed 7
    When the trainee says "阿姨您别着急，您没有被骗。打个比方，套餐就像每个月给手机充一桶水，看视频特别费水，水用完了多用的就另外算钱。是不是有人用您的手机看过视频？"
    Then clear_explanation scores 2
    And the customer calms down
    And the customer moves on to 'grandson'

  Scenario: 光安慰不解释，阿姨只好去营业厅
    Given the Chinese scenario 'zh-elderly-phone-bill' with seed 7
    When the trainee keeps saying "阿姨您别着急，我非常理解您的心情。"
    Then the call does not end resolved

  Scenario: 标准答案一路走完
    Given the Chinese scenario 'zh-elderly-phone-bill' with seed 7
    When the trainee answers every step with its model answer
    Then the call ends resolved
    And the attempt passes
