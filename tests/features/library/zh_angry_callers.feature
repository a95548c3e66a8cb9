Feature: 火气很大的来电 (Chinese angry callers: the hold-music caller and the 12315 threat)
  A trainer pins how the simulated caller reacts: owning the wait and giving a concrete plan calms him
  down; lecturing him or daring him to complain makes it worse. Replies are written the way a trainee
  would type them; {customer.last_name} is filled with the caller's surname for the seed.

  Scenario: 为等待道歉并接住情绪，客户愿意说手机的问题
    Given the Chinese scenario 'zh-hold-music-repair' with seed 7
    When the trainee says "{customer.last_name}先生，真的非常抱歉让您等了二十分钟，换谁都会着急。您说说手机现在是什么情况？"
    Then the customer calms down
    And wait_apology scores 2
    And the customer moves on to 'details'

  Scenario: 让客户“冷静一下”只会火上浇油
    Given the Chinese scenario 'zh-hold-music-repair' with seed 7
    When the trainee says "先生您先冷静一下，现在是高峰期，排队是正常的。"
    Then the customer gets angrier
    And no_blame scores 0
    And the customer moves on to 'angrier'

  Scenario: 只道歉、不给维修办法，电话不会以解决告终
    Given the Chinese scenario 'zh-hold-music-repair' with seed 3
    When the trainee keeps saying "非常理解您的心情，真的很抱歉让您久等了。"
    Then the call does not end resolved
    And the attempt does not pass

  Scenario: 标准答案一路走完，问题解决
    Given the Chinese scenario 'zh-hold-music-repair' with seed 7
    When the trainee answers every step with its model answer
    Then the call ends resolved
    And the attempt passes

  Scenario: “您要投诉就去投诉吧”让扬言投诉的客户直接挂断
    Given the Chinese scenario 'zh-press-threat-fridge' with seed 7
    When the trainee says "您要投诉就去投诉吧，投诉也没用。"
    Then the customer gets angrier
    And defensive scores 0
    And the call ends hung_up
    And the attempt does not pass

  Scenario: 承认客户有权投诉，并给出换新和时间，客户愿意往下谈
    Given the Chinese scenario 'zh-press-threat-fridge' with seed 7
    When the trainee says "{customer.last_name}先生，真的非常抱歉，师傅两次没来，这是我们的责任。投诉是您的权利，我不拦您。我现在就给您安排换一台新冰箱，明天下午六点前送到装好，坏掉的食物我们赔偿。"
    Then the customer calms down
    And respect_right scores 2
    And the customer moves on to 'test_promise'

  Scenario: 标准答案一路走完，客户不再投诉
    Given the Chinese scenario 'zh-press-threat-fridge' with seed 7
    When the trainee answers every step with its model answer
    Then the call ends resolved
    And the attempt passes
