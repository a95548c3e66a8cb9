Feature: Editing a scenario in the studio
  A trainer edits a scenario's YAML in the browser. The file is saved only when it is valid, with the
  author's comments and key order kept, and never over a version someone else saved in the meantime.

  Scenario: A valid change is saved and the author's comment stays
    Given the scenario "app-hold" is open in the editor
    When I set the difficulty to 4
    And I save
    Then the file on disk says "difficulty: 4"
    And the file still starts with its comment "# Two steps"
    And the save is summarised as "changed difficulty (+1 -1 lines)"

  Scenario: An invalid change is refused with the line to fix
    Given the scenario "app-hold" is open in the editor
    When I replace "channel: phone" with "channel: fax"
    And I save
    Then the save is refused with a problem at line 6 on "channel"
    And the file on disk says "channel: phone"

  Scenario: Someone else's save is never overwritten
    Given the scenario "app-hold" is open in the editor
    And someone else saves the same file with difficulty 3
    When I set the difficulty to 5
    And I save
    Then the save is refused because the file changed on disk
    And the file on disk says "difficulty: 3"

  Scenario: A new scenario from the template is ready to play
    Given a new scenario "late-parcel" from the template with the rubric "app-basic"
    When I save
    Then the library has the scenario "late-parcel"
