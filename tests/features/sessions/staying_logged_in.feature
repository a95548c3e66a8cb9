Feature: Staying logged in
  A person who logs in stays logged in when they reload the page or open it in another tab, on the
  page they were on, until they log out, leave it alone for too long, or their account changes: a new
  password or a deactivation ends their other logins, and the next click there asks them to log in,
  saying why.

  Background:
    Given the trainee "ana@example.com" and the admin "ada@example.com"

  Scenario: A trainee who reloads stays logged in
    Given Ana has logged in
    When she opens "My progress" and reloads the page
    Then she is on "My progress", logged in as Ana
    When she reloads the main page
    Then she is on "Practice", logged in as Ana

  Scenario: Logging out ends the other tab
    Given Ana has logged in
    And she has opened the app in a second tab
    When she logs out in the first tab
    Then her next click in the second tab asks her to log in, saying "You logged out"
    And reloading the page does not log her in again

  Scenario: A deactivated person's open session ends
    Given Ana has logged in
    When Ada deactivates Ana on the People page
    Then Ana's next click asks her to log in, saying "Your account was deactivated"
    And reloading the page does not log her in again

  Scenario: A changed password ends other sessions
    Given Ana has logged in on her laptop
    And she has logged in on her phone
    When she changes her password on her laptop
    Then she is still logged in on her laptop
    And her next click on her phone asks her to log in, saying "Your password was changed"

  Scenario: A login left alone for longer than the idle limit ends
    Given logins end after 30 minutes without activity
    And Ana has logged in
    When 20 minutes pass and she clicks, and 20 minutes more pass and she clicks
    Then she is still logged in
    When 31 minutes pass
    Then her next click asks her to log in, saying "after a while without activity"
