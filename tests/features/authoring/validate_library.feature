Feature: Validating a scenario library
  Trainers write scenarios and rubrics as YAML files and check the whole folder before anyone
  practises with them. Every mistake is shown with its file and line, all at once, and a broken
  file never stops the other scenarios from loading.

  Scenario: A misspelt key is reported at its line and the other scenarios still load
    Given a scenario folder where "hold.yaml" has the unknown key "mod" in the persona on line 10
    When I validate the folder
    Then I see "hold.yaml:10: persona.mod: unknown key 'mod'; did you mean 'mood'?"
    And the validation fails
    And the scenario "other-caller" still loads

  Scenario: A folder without mistakes passes
    Given a scenario folder with no mistakes
    When I validate the folder
    Then the validation passes
    And I see "OK: 2 scenarios, 1 rubrics"

  Scenario: Every mistake in every file is listed in one go
    Given a scenario folder where "a.yaml" sends the first branch to the missing step "clam" on line 20
    And "b.yaml" names the rubric "basik" on line 7
    When I validate the folder
    Then I see "a.yaml:20: steps.0.branches.0.goto: `goto` names no step 'clam' in this scenario; did you mean 'calm'?"
    And I see "b.yaml:7: rubric: no rubric with id 'basik'; did you mean 'basic'?"
    And the validation fails

  Scenario: A file that is not YAML text gets a clear message
    Given a scenario folder where "photo.yaml" is a binary file
    When I validate the folder
    Then I see "photo.yaml: this is a binary file, not YAML text"
    And the scenario "other-caller" still loads

  Scenario: A step names a criterion its rubric does not have
    Given a scenario folder where the first step of "hold.yaml" names the criteria "empathy, sympathy" on line 15
    When I validate the folder
    Then I see "hold.yaml:15: steps.0.criteria.1: step 'greet' names criterion 'sympathy', which is not in rubric 'basic'; did you mean 'empathy'?"
    And the validation fails

  Scenario: A criterion no step assesses is reported at the rubric line
    Given a scenario folder where every step of "hold.yaml" names only the criterion "empathy"
    When I validate the folder
    Then I see "hold.yaml:7: rubric: criterion 'next_step' of rubric 'basic' is assessed at no step"
    And the validation fails
