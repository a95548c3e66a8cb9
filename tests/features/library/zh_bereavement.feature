Feature: 刚失去父亲的客户 (Chinese bereaved customer)
  Condolence first, then flexibility, and never a word of process. The trainer pins that talking
  about the return period or asking for proof fails the attempt outright (a critical criterion),
  and that skipping the condolence leaves the customer unheard.

  Scenario: 先致哀，再办事
    Given the Chinese scenario 'zh-bereaved-massage-chair' with seed 7
    When the trainee says "{customer.last_name}女士，听到这个消息真的很难过，请您节哀。退货的事您别担心，交给我来处理。"
    Then condolence scores 2
    And the customer moves on to 'order'

  Scenario: 一句“按规定”就让客户缩回去
    Given the Chinese scenario 'zh-bereaved-massage-chair' with seed 7
    When the trainee says "您好，按规定七天无理由退货期已经过了，需要您提供相关证明材料。"
    Then process_talk scores 0
    And the customer gets angrier
    And the customer moves on to 'hurt'

  Scenario: 说过一次流程话，后面答得再好也不通过
    Given the Chinese scenario 'zh-bereaved-massage-chair' with seed 7
    When the trainee says "您好，按规定七天无理由退货期已经过了。"
    And the trainee answers every step with its model answer
    Then the call ends resolved
    And the attempt does not pass

  Scenario: 标准答案一路走完
    Given the Chinese scenario 'zh-bereaved-massage-chair' with seed 7
    When the trainee answers every step with its model answer
    Then the call ends resolved
    And the attempt passes
