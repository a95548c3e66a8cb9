Feature: Calibrating the scorer against a trainer
  Before a manager trusts a dashboard, a trainer grades real replies by hand and sees how often the
  automatic score agrees, per criterion, beyond chance, with every disagreement listed.

  Scenario: One missed phrase shows up as a disagreement
    Given replies graded by the scorer with the rubric "app-basic"
      | reply                              |
      | I understand how you feel.         |
      | Calm down.                         |
      | That is frustrating, I understand. |
      | Noted.                             |
      | I hear you, that sounds awful.     |
    And Tess grades empathy as 2, 0, 2, 0, 2
    When the agreement is computed
    Then for empathy the scorer and Tess agree on 4 of 5 replies
    And the kappa for empathy is 0.62
    And the only disagreement is "I hear you, that sounds awful." where the scorer gave 0 and Tess gave 2

  Scenario: Full agreement
    Given replies graded by the scorer with the rubric "app-basic"
      | reply                      |
      | I understand how you feel. |
      | Noted.                     |
    And Tess grades empathy as 2, 0
    When the agreement is computed
    Then for empathy the scorer and Tess agree on 2 of 2 replies
    And the kappa for empathy is 1.00
    And there are no disagreements
