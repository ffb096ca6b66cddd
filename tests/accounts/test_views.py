"""Account pages: sign-up, sign-in throttling, profile, password, API token."""

import time

from django.core import mail
from django.core.management import call_command
from django.test import Client, TestCase, override_settings
from rest_framework.authtoken.models import Token

from accounts.models import User
from tests.factories import make_user

PASSWORD = "pw-Lectio-123"
LOCMEM = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "login-throttle-tests",
    }
}


class SignUpTests(TestCase):
    def test_a_visitor_signs_up_and_is_signed_in(self):
        page = self.client.get("/accounts/signup/")
        self.assertContains(page, '<label for="id_username">')
        response = self.client.post(
            "/accounts/signup/",
            {
                "username": "nina",
                "display_name": "Nina N.",
                "email": "nina@example.org",
                "password1": "a-long-Pass-phrase-9",
                "password2": "a-long-Pass-phrase-9",
            },
        )
        self.assertRedirects(response, "/")
        user = User.objects.get(username="nina")
        self.assertEqual(user.get_display_name(), "Nina N.")
        self.assertEqual(int(self.client.session["_auth_user_id"]), user.pk)

    def test_weak_or_mismatched_passwords_are_refused_with_a_message(self):
        cases = {
            "weak": ("12345678", "12345678", "This password is too common."),
            "mismatched": (
                "a-long-Pass-phrase-9",
                "a-long-Pass-phrase-8",
                "The two password fields didn’t match.",
            ),
        }
        for name, (password1, password2, message) in cases.items():
            with self.subTest(name):
                response = self.client.post(
                    "/accounts/signup/",
                    {"username": "nina", "password1": password1, "password2": password2},
                )
                self.assertContains(response, message)
                self.assertIs(User.objects.filter(username="nina").exists(), False)


@override_settings(CACHES=LOCMEM, LOGIN_FAILURE_LIMIT=3)
class LoginThrottleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = make_user("lena", password=PASSWORD)

    def setUp(self):
        from django.core.cache import cache

        cache.clear()

    def attempt(self, password, client=None, ip="10.0.0.1"):
        return (client or self.client).post(
            "/accounts/login/", {"username": "lena", "password": password}, REMOTE_ADDR=ip
        )

    def test_it_signs_in_with_the_right_password(self):
        response = self.attempt(PASSWORD)
        self.assertRedirects(response, "/", fetch_redirect_response=False)

    def test_it_refuses_attempts_after_repeated_failures_with_429(self):
        for _ in range(3):
            self.assertEqual(self.attempt("wrong").status_code, 200)
        response = self.attempt(PASSWORD)
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Too many failed sign-ins", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)
        # Another address is not blocked by someone else's failures.
        other = self.attempt(PASSWORD, client=Client(), ip="10.0.0.2")
        self.assertEqual(other.status_code, 302)

    @override_settings(LOGIN_COOLDOWN_SECONDS=1)
    def test_a_cooldown_passes_instead_of_locking_the_account(self):
        statuses = [self.attempt("wrong").status_code for _ in range(4)]
        self.assertEqual(statuses, [200, 200, 200, 429])
        time.sleep(1.1)
        self.assertEqual(self.attempt(PASSWORD).status_code, 302)

    def test_failures_from_every_address_reach_a_generous_account_ceiling(self):
        with override_settings(LOGIN_ACCOUNT_FAILURE_LIMIT=4):
            statuses = [
                self.attempt("wrong", client=Client(), ip=f"10.1.0.{i}").status_code
                for i in range(6)
            ]
        self.assertEqual(statuses, [200, 200, 200, 200, 429, 429])

    def test_the_user_is_told_at_sign_in_how_many_attempts_were_refused(self):
        attacker = Client()
        statuses = [self.attempt("guess", client=attacker).status_code for _ in range(5)]
        self.assertEqual(statuses, [200, 200, 200, 429, 429])
        for told in (True, False):
            with self.subTest(told=told):
                response = Client().post(
                    "/accounts/login/",
                    {"username": "lena", "password": PASSWORD},
                    REMOTE_ADDR="10.0.0.2",
                    follow=True,
                )
                message = "2 sign-in attempt(s) on your account were refused"
                self.assertIs(message in response.content.decode(), told)

    def test_a_success_resets_the_count(self):
        self.attempt("wrong")
        self.attempt("wrong")
        self.assertEqual(self.attempt(PASSWORD).status_code, 302)
        self.client.logout()
        self.attempt("wrong")
        self.attempt("wrong")
        self.assertEqual(self.attempt(PASSWORD).status_code, 302)


@override_settings(CACHES=LOCMEM, LOGIN_FAILURE_LIMIT=2)
class LoginThrottleBehindAProxyTests(TestCase):
    """Behind a proxy every request comes from the proxy's address (REMOTE_ADDR)."""

    PROXY = "10.9.9.9"

    @classmethod
    def setUpTestData(cls):
        cls.user = make_user("lena", password=PASSWORD)

    def setUp(self):
        from django.core.cache import cache

        cache.clear()

    def attempt(self, password, forwarded):
        return Client().post(
            "/accounts/login/",
            {"username": "lena", "password": password},
            REMOTE_ADDR=self.PROXY,
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    @override_settings(CLIENT_IP_HEADER="X-Forwarded-For")
    def test_a_stranger_cannot_lock_the_user_out_through_the_proxy(self):
        statuses = [self.attempt("guess", "6.6.6.6").status_code for _ in range(3)]
        self.assertEqual(statuses, [200, 200, 429])
        self.assertEqual(self.attempt(PASSWORD, "5.5.5.5").status_code, 302)

    @override_settings(CLIENT_IP_HEADER="X-Forwarded-For")
    def test_the_address_is_the_one_the_proxy_appended_not_the_one_the_client_sent(self):
        for i in range(2):
            self.attempt("guess", f"1.2.3.{i}, 6.6.6.6")
        self.assertEqual(self.attempt(PASSWORD, "5.5.5.5, 6.6.6.6").status_code, 429)

    def test_without_the_setting_the_header_is_not_trusted(self):
        for i in range(2):
            self.attempt("guess", f"1.2.3.{i}")
        self.assertEqual(self.attempt(PASSWORD, "5.5.5.5").status_code, 429)


@override_settings(
    LOGIN_FAILURE_LIMIT=2,
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "lectio_cache",
        }
    },
)
class LoginThrottleSharedCacheTests(TestCase):
    """The counter lives in the database cache, shared by every worker process."""

    def test_failures_count_across_clients(self):
        call_command("createcachetable", verbosity=0)
        make_user("lena", password=PASSWORD)
        for _ in range(2):
            Client().post("/accounts/login/", {"username": "lena", "password": "x"})
        response = Client().post("/accounts/login/", {"username": "LENA", "password": PASSWORD})
        self.assertEqual(response.status_code, 429)


class ProfileAndPasswordTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = make_user("lena", password=PASSWORD)

    def test_the_profile_edits_the_display_name(self):
        self.client.force_login(self.user)
        response = self.client.post(
            "/accounts/profile/", {"display_name": "Lena L.", "email": "l@example.org"}
        )
        self.assertRedirects(response, "/accounts/profile/")
        self.user.refresh_from_db()
        self.assertEqual((self.user.display_name, self.user.email), ("Lena L.", "l@example.org"))
        self.assertContains(self.client.get("/"), "Signed in as Lena L.")

    def test_pages_need_a_signed_in_user(self):
        for url in (
            "/accounts/profile/",
            "/accounts/token/",
            "/groups/",
            "/accounts/password_change/",
        ):
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 302)

    def test_password_reset_sends_a_link_by_email(self):
        self.assertContains(self.client.get("/accounts/password_reset/"), "Reset your password")
        self.client.post("/accounts/password_reset/", {"email": "lena@example.org"})
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("/accounts/reset/", mail.outbox[0].body)

    def test_password_change(self):
        self.client.force_login(self.user)
        self.assertContains(self.client.get("/accounts/password_change/"), "Change your password")
        response = self.client.post(
            "/accounts/password_change/",
            {
                "old_password": PASSWORD,
                "new_password1": "another-Long-pass-7",
                "new_password2": "another-Long-pass-7",
            },
        )
        self.assertRedirects(response, "/accounts/password_change/done/")


class TokenPageTests(TestCase):
    def test_a_user_creates_replaces_and_revokes_a_token(self):
        user = make_user("lena")
        self.client.force_login(user)
        self.assertContains(self.client.get("/accounts/token/"), "You have no API token")
        page = self.client.post("/accounts/token/", {"action": "create"})
        key = Token.objects.get(user=user).key
        self.assertContains(page, key)
        self.client.post("/accounts/token/", {"action": "create"})
        self.assertNotEqual(Token.objects.get(user=user).key, key)
        self.assertNotContains(self.client.get("/accounts/token/"), Token.objects.get().key)
        self.client.post("/accounts/token/", {"action": "revoke"})
        self.assertIs(Token.objects.filter(user=user).exists(), False)
