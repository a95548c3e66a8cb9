Feature: The yearly manager rotation
  Every manager spends time on the frontline each year. The head of training sets up a program of
  required calls; each manager is assigned it, passes every required call, and gets a certificate.
  A new year starts a new round: last year's certificates expire and everyone is assigned again.

  Background:
    Given the teams "North" and "South" with their managers
    And a yearly program "2027 manager rotation" for managers, opening on 1 January 2027 and due on 31 March 2027 in "Europe/London"
    And it requires "en-double-charge" and "en-callback-never-came" with a pass mark of 75
    And it is 4 January 2027

  Scenario: A manager passes every required call and gets a certificate
    Given Nora manages "North" and joins on 10 January 2027
    When Nora passes "en-double-charge" with 82 on 12 January 2027
    Then Nora's assignment shows 1 of 2 required calls passed, due on 31 March 2027
    When Nora passes "en-callback-never-came" with 91 on 20 February 2027
    Then Nora gets a certificate for "2027 manager rotation", cycle 2027, with the scores 82 and 91
    And the compliance report shows "North" at 50% complete

  Scenario: A call that is passed below the program's pass mark does not count
    Given Nora manages "North" and joins on 10 January 2027
    When Nora passes "en-double-charge" with 70 on 12 January 2027
    And Nora passes "en-callback-never-came" with 91 on 12 January 2027
    Then Nora's assignment shows 1 of 2 required calls passed, due on 31 March 2027
    And Nora has no certificate

  Scenario: After the due date the people who have not finished are overdue
    Given Nora manages "North" and joins on 10 January 2027
    When it is 1 April 2027
    Then the overdue list shows "Nora", "North Manager" and "South Manager"
    And the North manager's overdue list shows "Nora" and "North Manager" only

  Scenario: The cycle rolls over
    Given Nora manages "North" and joins on 10 January 2027
    And Nora passes both required calls on 1 February 2027
    And Nora has a certificate
    When the cycle rolls over on 1 January 2028
    Then Nora's certificate has expired
    And a new assignment appears for Nora in cycle 2028, due on 31 March 2028, with nothing passed yet

  Scenario: A manager who moves to a trainee role leaves the program
    Given Nora manages "North" and joins on 10 January 2027
    When Nora becomes a trainee
    Then Nora has no assignment
    And the compliance report counts 2 managers
