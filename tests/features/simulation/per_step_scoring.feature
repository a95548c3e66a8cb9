Feature: A reply is scored on what its step is about
  A step names the criteria it is about; a reply there is scored on those. Skills judged over the
  whole call (empathy, apology, courtesy...) still count on the scorecard, from every reply. So a
  concrete plan at the step that asks for a plan is not marked down for the apology it did not
  repeat, and a criterion is never credited at a step that is not about it.

  Scenario: A courier plan with a day and a time at the plan step earns full marks
    Given the scenario 'angry-hold-music' with seed 7
    When the trainee answers one step with its model answer
    And the trainee replies "I'm booking a free courier pickup for your phone tomorrow at 10am, and you'll have it back repaired within five working days."
    Then the conversation moves to 'hold-music'
    And the reply scores 100 out of 100
    And the reply's score counts only 'next_step', 'no_blame' and 'plain_language'

  Scenario: Persian: a courier-and-time plan at the plan step earns full marks
    Given the scenario 'fa-hold-music' with seed 7
    When the trainee answers one step with its model answer
    And the trainee replies "گوشی‌تون گارانتی داره. همین الان براتون پیک رایگان ثبت کردم: فردا ساعت ۱۰ صبح پیک میاد درِ خونه‌تون گوشی رو تحویل می‌گیره و تا پنج روز کاری تعمیرشده برمی‌گرده."
    Then the conversation moves to 'music'
    And the reply scores 100 out of 100
    And the reply's score counts only 'next_step', 'no_blame' and 'plain_language'

  Scenario: Chinese: a pickup plan with a time at the plan step earns full marks
    Given the scenario 'zh-hold-music-repair' with seed 7
    When the trainee answers one step with its model answer
    And the trainee replies "我现在就给您登记免费寄修，明天上午十点快递上门取件，运费我们出，修好后五个工作日内寄回给您。"
    Then the conversation moves to 'hold_music'
    And the reply scores 100 out of 100
    And the reply's score counts only 'repair_plan', 'next_step', 'no_blame' and 'plain_language'

  Scenario: Chinese: taking up a suggestion is not credited before the customer makes one
    Given the scenario 'zh-hold-music-repair' with seed 7
    When the trainee replies "让您久等了，真的非常抱歉，感谢您的反馈。"
    Then the reply's score does not count 'feedback_ack'
    When the trainee keeps replying "现在是高峰期，排队是正常的，您冷静一下。"
    Then the scorecard says 'feedback_ack' was not assessed
    And the scorecard still judges 'apology' over the whole call

  Scenario: Persian: empathy still counts on the scorecard from every reply
    Given the scenario 'fa-hold-music' with seed 7
    When the trainee answers every step with its model answer
    Then the attempt passes
    And the scorecard still judges 'empathy' over the whole call
