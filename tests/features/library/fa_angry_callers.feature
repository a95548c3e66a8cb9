Feature: Angry callers who waited or were let down (Persian: fa-hold-music, fa-callback-never-came)
  A caller who has waited 25 minutes, or who has heard «باهاتون تماس می‌گیرن» twice already, needs the
  wait or the broken promise named and owned before anything else, then a day and an hour. A trainer
  pins that here: one reply, the points it earns, where the call goes and what happens to the mood.
  Copy a scenario, change the reply, run `pytest tests/library/test_fa_library.py` and read which line
  failed.

  Scenario: Naming the 25 minutes and apologising calms the caller and moves on to the phone
    Given the Persian scenario 'fa-hold-music' with seed 1
    When the trainee replies "آقای {customer.last_name}، حق دارید. {wait_minutes} دقیقه پشت خط موندید و واقعاً عذر می‌خوام."
    Then criterion "acknowledge_wait" scores 2
    And criterion "apology" scores at least 1
    And the customer calms down
    And the customer moves on to 'details'

  Scenario: «آروم باشید» to someone who waited 25 minutes ends the call
    Given the Persian scenario 'fa-hold-music' with seed 1
    When the trainee replies "آقا آروم باشید، الان ساعت شلوغیه. مشکلتون چیه؟"
    Then criterion "no_blame" scores 0
    And mood rule "blame" fires
    And the call ends hung_up

  Scenario: Going straight to the fix without a word about the wait
    Given the Persian scenario 'fa-hold-music' with seed 1
    When the trainee replies "گوشی‌تون چه مدلیه؟ خاموش روشنش کردید؟"
    Then criterion "acknowledge_wait" scores 0
    And the customer moves on to 'not_heard'

  Scenario: A repair with no day and hour gets «دقیقاً کی؟»
    Given the Persian scenario 'fa-hold-music' with seed 1
    When the trainee replies with the model answer
    And the trainee replies "پیگیری می‌کنیم و نتیجه رو بهتون اطلاع می‌دیم."
    Then criterion "next_step" scores 1
    And the customer moves on to 'vague'

  Scenario: One more «باهاتون تماس می‌گیرن», said coldly, and he is gone
    Given the Persian scenario 'fa-callback-never-came' with seed 1
    When the trainee replies "عذر می‌خوام. درخواستتون ثبت شد، همکاران فنی در اسرع وقت باهاتون تماس می‌گیرن."
    Then criterion "no_vague_promise" scores 0
    And mood rule "vague_promise" fires
    And the call ends hung_up

  Scenario: Said warmly, the same vague promise still gets thrown back
    Given the Persian scenario 'fa-callback-never-came' with seed 1
    When the trainee replies "حق کاملاً با شماست و واقعاً عذر می‌خوام. همکاران فنی در اسرع وقت باهاتون تماس می‌گیرن."
    Then criterion "no_vague_promise" scores 0
    And the customer moves on to 'broken_record'

  Scenario: A vague promise fails the attempt even if the rest of the call goes well
    Given the Persian scenario 'fa-callback-never-came' with seed 1
    When the trainee replies "آقای {customer.last_name}، حق کاملاً با شماست و واقعاً عذر می‌خوام؛ پرونده‌تون دست خودمه و به زودی درست می‌شه."
    And the trainee gives every model answer
    Then the attempt fails on "no_vague_promise"

  Scenario: Owning the broken promises, a technician with an hour, and the days paid back
    Given the Persian scenario 'fa-callback-never-came' with seed 1
    When the trainee gives every model answer
    Then the call ends resolved
    And the attempt passes
