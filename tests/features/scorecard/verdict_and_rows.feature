Feature: A scorecard a trainee can read in ten seconds, in the language of the call
  The scorecard opens with the verdict in plain words, then one short row per criterion: its points,
  a bar and one line of why. Labels, reasons and tips come in the call's language; no raw values
  ("score 11.11", "hung_up", "critical criterion 'no_blame'") and no "Best of 1 replies".

  Scenario: A rude English call says in plain words why it failed
    Given the scenario 'angry-hold-music' played with seed 1
    When the trainee replies "Calm down, sir." then "You should have read our terms."
    Then the verdict reads "Not passed: the customer hung up after “Calm down”"
    And the verdict and its reasons show no raw values
    And the scorecard has one compact row per criterion, labelled "Does not blame, lecture or dismiss the customer"
    And the criterion rows never say "Best of 1"

  Scenario: A good English call passes in one sentence
    Given the scenario 'angry-hold-music' played with seed 1
    When the trainee gives the model answers to the end
    Then the verdict reads "Passed: you resolved the call and scored 100/100"
    And no model answer is shown

  Scenario: A rude Persian call is explained in Persian
    Given the scenario 'fa-hold-music' played with seed 1
    When the trainee replies "آرام باشید." then "قانون همینه."
    Then the verdict reads "قبول نشد: مشتری بعد از «آرام باشید» تلفن را قطع کرد"
    And the verdict and its reasons show no raw values
    And the scorecard has one compact row per criterion, labelled "مشتری را مقصر نمی‌داند، نصیحت نمی‌کند و سر نمی‌دواند"
    And every criterion row and its reason is written in Persian

  Scenario: A rude Chinese call is explained in Chinese
    Given the scenario 'zh-hold-music-repair' played with seed 1
    When the trainee replies "你冷静一下。" then "这不归我管。"
    Then the verdict reads "未通过：你说了“不归我管”之后，客户挂断了电话"
    And the verdict and its reasons show no raw values
    And the scorecard has one compact row per criterion, labelled "不指责、不说教、不打发客户"
    And every criterion row and its reason is written in Chinese

  Scenario: Model answers appear once per reply that fell short
    Given the scenario 'angry-hold-music' played with seed 1
    When the trainee replies "I understand." then "I'll look into it."
    Then each model answer is shown once, for a reply that missed points
