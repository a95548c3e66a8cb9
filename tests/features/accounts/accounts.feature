Feature: Accounts and who sees what
  People get accounts from an admin, log in with their password, and see only what their role allows:
  a trainee their own attempts, a manager their teams' attempts, trainers and admins everyone's.

  Background:
    Given accounts lock after 3 failed logins for 5 minutes

  Scenario: An admin creates a trainee from the command line
    When the admin runs "users add --email ana@example.com --name Ana --role trainee --team North" with the password "ana's long password" on standard input
    Then the command succeeds and says "Added trainee Ana <ana@example.com> in team North."
    And "ana@example.com" can log in with "ana's long password"

  Scenario: A wrong password is refused without saying whether the account exists
    Given a trainee "ana@example.com" with the password "ana's long password"
    When "ana@example.com" logs in with "not the password"
    Then the login is refused with "Wrong email or password"
    When "nobody@example.com" logs in with "not the password"
    Then the login is refused with "Wrong email or password"

  Scenario: Too many wrong passwords lock the account for a while
    Given a trainee "ana@example.com" with the password "ana's long password"
    When "ana@example.com" logs in with "guess one"
    And "ana@example.com" logs in with "guess two"
    And "ana@example.com" logs in with "guess three"
    Then the login is refused with "locked"
    When "ana@example.com" logs in with "ana's long password"
    Then the login is refused with "Try again in 5 minutes"
    When 5 minutes pass
    Then "ana@example.com" can log in with "ana's long password"

  Scenario: Managers see their own team's attempts and no one else's
    Given the team "North" managed by "nora@example.com" with the trainee "ana@example.com"
    And the team "South" managed by "sam@example.com" with the trainee "carl@example.com"
    And "ana@example.com" has practised "angry-hold-music"
    Then "nora@example.com" can open that attempt
    And "sam@example.com" is not allowed to open that attempt
    And "carl@example.com" is not allowed to open that attempt
    And "ana@example.com" can open that attempt
    And the attempts "nora@example.com" sees belong to "ana@example.com" only
    And the attempts "sam@example.com" sees belong to nobody

  Scenario: Too many failed logins from one network address make that address wait
    Given logins from one network address may fail 4 times in 5 minutes
    And a trainee "ana@example.com" with the password "ana's long password"
    When someone at 203.0.113.7 logs in as "ben@example.com" with "guess one"
    And someone at 203.0.113.7 logs in as "carl@example.com" with "guess two"
    And someone at 203.0.113.7 logs in as "ana@example.com" with "guess three"
    And someone at 203.0.113.7 logs in as "dora@example.com" with "guess four"
    And someone at 203.0.113.7 logs in as "ana@example.com" with "ana's long password"
    Then the login is refused with "Too many failed logins from your network address. Try again in 5 minutes"
    When someone at 198.51.100.2 logs in as "ana@example.com" with "ana's long password"
    Then the login succeeds
    When 5 minutes pass
    And someone at 203.0.113.7 logs in as "ana@example.com" with "ana's long password"
    Then the login succeeds
