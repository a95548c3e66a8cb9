Feature: Scoring Persian replies with the core rubric
  Persian replies are scored the same whether the trainee types Arabic or Persian yeh and kaf, uses a
  zero-width non-joiner, a space or nothing between a verb and its prefix, or Persian or Arabic digits.

  Background:
    Given the core rubric
    And replies in Persian

  Scenario: Telling the customer to calm down is blame
    When the trainee says "آروم باشید آقا"
    Then no_blame scores 0
    And the reply fails on the critical criterion no_blame

  Scenario: Lecturing about the rules is blame
    When the trainee says "باید قبلاً قوانین رو می‌خوندید"
    Then no_blame scores 0

  Scenario: Dismissing the problem is blame
    When the trainee says "این مشکل من نیست"
    Then no_blame scores 0

  Scenario: Saying it is someone else's business is blame
    When the trainee says "به من ربطی نداره"
    Then no_blame scores 0

  Scenario: Saying it is not the customer's fault is empathy, not blame
    When the trainee says "تقصیر شما نیست"
    Then empathy scores 2
    And no_blame scores 2

  Scenario: A specific apology earns full points
    When the trainee says "بابت تأخیر عذر می‌خوام"
    Then apology scores 2

  Scenario: A bare apology earns half
    When the trainee says "ببخشید"
    Then apology scores 1

  Scenario Outline: The zero-width non-joiner may be there, missing or a space
    When the trainee says "<reply>"
    Then apology scores 1

    Examples:
      | reply           |
      | عذر می‌خوام      |
      | عذر میخوام      |
      | عذر می خوام     |

  Scenario: Arabic yeh and kaf match the Persian letters
    When the trainee says "درك ميكنم"
    Then empathy scores 1

  Scenario: A negated apology earns nothing
    When the trainee says "متأسف نیستم"
    Then apology scores 0

  Scenario: A quoted apology earns nothing
    When the trainee says "گفتید «ببخشید» کافی نیست"
    Then apology scores 0

  Scenario: Validating the customer is full empathy
    When the trainee says "کاملاً حق دارید"
    Then empathy scores 2

  Scenario: Saying you follow is half empathy
    When the trainee says "متوجهم"
    Then empathy scores 1

  Scenario: A commitment with a time is a full next step
    When the trainee says "تا فردا ساعت ۱۰ پیگیری می‌کنم"
    Then next_step scores 2

  Scenario: A commitment without a time is half a next step
    When the trainee says "پیگیری می‌کنم"
    Then next_step scores 1

  Scenario Outline: Persian and Arabic-Indic digits are the same number
    When the trainee says "<reply>"
    Then next_step scores 2

    Examples:
      | reply                          |
      | ظرف ۲۴ ساعت بررسی می‌کنم        |
      | ظرف ٢٤ ساعت بررسی می‌کنم        |
      | ظرف 24 ساعت بررسی میکنم        |

  Scenario: Thanking for patience is full courtesy
    When the trainee says "ممنون از صبوری‌تون"
    Then courtesy scores 2

  Scenario: A polite request is half courtesy
    When the trainee says "لطفاً شماره سفارش رو بفرمایید"
    Then courtesy scores 1

  Scenario: Addressing the customer by name is full courtesy
    Given the customer is called "رضایی"
    When the trainee says "آقای رضایی، در خدمتم"
    Then courtesy scores 2

  Scenario: You're welcome is full courtesy
    When the trainee says "خواهش می‌کنم"
    Then courtesy scores 2

  Scenario: Jargon costs plain language
    When the trainee says "تیکت شما به سطح دو ارجاع شد"
    Then plain_language scores 0

  Scenario: Plain words keep plain language
    When the trainee says "درخواستتون رو به همکارم در بخش فنی دادم"
    Then plain_language scores 2

  Scenario: Formal apologies count too
    When the trainee says "پوزش می‌طلبم"
    Then apology scores 1

  Scenario Outline: Everyday Persian commitments are a next step
    When the trainee says "<reply>"
    Then next_step scores <points>

    Examples:
      | reply                                                        | points |
      | خودم بهتون زنگ می‌زنم.                                         | 1      |
      | فردا صبح بهتون پیام می‌دم.                                      | 2      |
      | به همکارم می‌گم امروز باهاتون هماهنگ کنه.                        | 2      |
      | تخفیف رو روی قبض بعدی اعمال می‌کنم.                             | 1      |
      | اینترنت هدیه رو به بسته‌تون اضافه می‌کنم.                         | 1      |
      | مبلغ تا آخر هفته از قبض کسر می‌شه.                               | 2      |
      | پولتون رو کامل برمی‌گردونم.                                       | 1      |
      | درستش کردم.                                                   | 1      |
      | همین الان فعالش کردم.                                          | 2      |
      | شنبه ساعت ۴ بعدازظهر همکارمون میان.                             | 2      |
      | تا دو دقیقه دیگه پیامکش براتون میاد.                             | 2      |

  Scenario: Offering condolences is not a promise
    When the trainee says "تسلیت می‌گم، خدا رحمتشون کنه."
    Then next_step scores 0

  Scenario: The corporate non-apology is only half an apology
    When the trainee says "بابت هرگونه ناراحتی احتمالی پوزش می‌طلبیم."
    Then apology scores 1

  Scenario: Owning the mistake is still a full apology
    When the trainee says "بابت تأخیر ارسال عذر می‌خوام؛ اشتباه از ما بود."
    Then apology scores 2

  Scenario: Condolences are empathy
    When the trainee says "تسلیت می‌گم. خدا رحمتشون کنه، غم آخرتون باشه."
    Then empathy scores 2

  Scenario: A prayer for the one who died is empathy
    When the trainee says "خدا بیامرزدشون."
    Then empathy scores 2

  Scenario: Condolences are not read into an ordinary reply
    When the trainee says "سفارش شما فردا ارسال می‌شه."
    Then empathy scores 0

  Scenario: An intensified apology ranks at least as high as a plain one
    When the trainee says "واقعاً متأسفم."
    Then apology scores 2

  Scenario: A plain apology is half
    When the trainee says "ببخشید."
    Then apology scores 1

  Scenario: Hiding behind the rules is blame
    When the trainee says "طبق قوانین شرکت همینه."
    Then no_blame scores 0

  Scenario: Hiding behind the system is blame
    When the trainee says "سیستم همینطوری کار می‌کنه."
    Then no_blame scores 0

  Scenario: Saying what the system will do for the customer is not blame
    When the trainee says "سیستم مبلغ رو تا فردا به حسابتون برمی‌گردونه."
    Then no_blame scores 2

  Scenario: An item already sent, with the day it arrives, is a full next step
    When the trainee says "یه جایگزین با پیک فرستادم، فردا قبل از ظهر می‌رسه."
    Then next_step scores 2
