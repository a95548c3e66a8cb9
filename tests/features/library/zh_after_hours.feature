Feature: 深夜的故障求助 (Chinese problem outside support hours)
  Late at night the customer needs help tonight, not "during working hours". The trainer pins that
  naming the hours is a brush-off, and that only a workaround for tonight plus a time for the repair
  lets the chat end well.

  Scenario: “请在工作时间联系”让客户觉得被打发
    Given the Chinese scenario 'zh-late-night-outage' with seed 7
    When the trainee says "您好，现在是非工作时间，请您明天工作时间再联系。"
    Then hours_excuse scores 0
    And the customer moves on to 'brushed_off'

  Scenario: 先问光猫的指示灯，马上开始排查
    Given the Chinese scenario 'zh-late-night-outage' with seed 7
    When the trainee says "在的，别着急，我在。您看一下光猫上的LOS灯是不是在闪红灯？"
    Then diagnose scores 2
    And the customer moves on to 'lights'

  Scenario: 只安慰、不给办法，客户自己想办法去了
    Given the Chinese scenario 'zh-late-night-outage' with seed 7
    When the trainee keeps saying "非常理解您的着急，这么晚还断网真的很抱歉。"
    Then the call does not end resolved

  Scenario: 标准答案一路走完，今晚稿子发得出去
    Given the Chinese scenario 'zh-late-night-outage' with seed 7
    When the trainee answers every step with its model answer
    Then the call ends resolved
    And the attempt passes
