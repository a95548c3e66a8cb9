Feature: An admin manages the people in the organisation
  People change teams, get promoted and leave. An admin fixes a person's name, role, team and manager
  after adding them, resets a password, deactivates someone who left (and brings them back), and every
  change is on record: who made it, when, and what changed. Only admins may, and there is always an
  admin left.

  Background:
    Given the admin "ada@example.com"
    And the team "North" managed by "nora@example.com"
    And the team "South" managed by "sam@example.com"
    And the trainee "ana@example.com" in "North" reporting to "nora@example.com"

  Scenario: Moving a trainee to another team and manager
    When "ada@example.com" moves "ana@example.com" to "South" reporting to "sam@example.com"
    Then "ana@example.com" is in "South" reporting to "sam@example.com"
    And "sam@example.com" sees "ana@example.com" among their people
    And "nora@example.com" no longer sees "ana@example.com"
    And the latest change to "ana@example.com" reads "team: North → South; manager: nora@example.com → sam@example.com", by "Ada"

  Scenario: Promoting a trainee to manager of their team
    When "ada@example.com" makes "ana@example.com" a manager
    Then "ana@example.com" manages "North"
    And the latest change to "ana@example.com" reads "role: trainee → manager; manages: none → North", by "Ada"

  Scenario: Someone who left is deactivated but keeps their history
    Given "ana@example.com" has finished a practice call
    When "ada@example.com" deactivates "ana@example.com"
    Then "ana@example.com" cannot log in: "This account is deactivated"
    And "nora@example.com" still sees the call of "ana@example.com", marked deactivated
    When "ada@example.com" reactivates "ana@example.com"
    Then "ana@example.com" can log in

  Scenario: A forgotten password is reset and the lock lifted
    Given "ana@example.com" locked her account with wrong passwords
    When "ada@example.com" sets the password of "ana@example.com" to "a fresh start please"
    Then "ana@example.com" can log in with "a fresh start please"
    And the latest change to "ana@example.com" reads "password set, any lock lifted", by "Ada"

  Scenario: Only admins change people
    When "nora@example.com" tries to make "ana@example.com" a manager
    Then it is refused with "Only admin accounts"
    And "ana@example.com" is still a trainee

  Scenario: The last admin cannot lock everyone out
    When "ada@example.com" tries to make "ada@example.com" a trainer
    Then it is refused with "last active admin"
    When "ada@example.com" tries to deactivate "ada@example.com"
    Then it is refused with "last active admin"

  Scenario: The same from the command line
    When the operator runs "users set --email ana@example.com --name 'Ana Lima' --team South --no-manager"
    Then the command says "Changed ana@example.com: name: Ana → Ana Lima; team: North → South; manager: nora@example.com → none."
    When the operator runs "users deactivate --email ana@example.com"
    Then the command says "Deactivated ana@example.com: they cannot log in any more; their attempts and results stay."
    And "ana@example.com" cannot log in: "This account is deactivated"
    When the operator runs "users reactivate --email ana@example.com"
    Then "ana@example.com" can log in
    When the operator runs "users history --email ana@example.com --limit 2"
    Then the command's lines end with "reactivated  (by the command line)" and "deactivated  (by the command line)"
