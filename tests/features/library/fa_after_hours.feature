Feature: A problem that cannot wait for office hours (Persian: fa-midnight-telegram)
  A polite message on Telegram at half past eleven at night, with taarof («ببخشید این وقت شب مزاحم
  می‌شم»). Answer the taarof warmly («خواهش می‌کنم، مراحمید»), help tonight, verify before acting.
  «ساعت کاری ما ۸ تا ۸ است» fails the attempt on a critical criterion.

  Scenario: Answering the taarof and promising help tonight
    Given the Persian scenario 'fa-midnight-telegram' with seed 1
    When the trainee replies "خواهش می‌کنم، مراحمید! همین امشب براتون درستش می‌کنم. بسته رو برای کدوم شماره خریدید؟"
    Then criterion "taarof" scores 2
    And criterion "helps_now" scores 2
    And criterion "verifies" scores 2
    And the customer calms down
    And the customer moves on to 'checking'

  Scenario: Office hours at midnight
    Given the Persian scenario 'fa-midnight-telegram' with seed 1
    When the trainee replies "ساعت کاری پشتیبانی ۸ صبح تا ۸ شب است. لطفاً فردا صبح تماس بگیرید."
    Then criterion "no_office_hours" scores 0
    And the customer moves on to 'pleading'
    When the trainee replies "همکاران فنی الان نیستن."
    Then the call ends hung_up
    And the attempt fails on "no_office_hours"

  Scenario: Help tonight, from the first message to a good night
    Given the Persian scenario 'fa-midnight-telegram' with seed 1
    When the trainee gives every model answer
    Then the call ends resolved
    And the attempt passes
