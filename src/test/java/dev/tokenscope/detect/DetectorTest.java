package dev.tokenscope.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Location;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DetectorTest {
  private static final Detector DETECTOR = Detector.of(RuleSet.bundled());
  private static final String GITHUB = "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";
  private static final String KEY_ID = "AKIAFAKEAU4PCZL6HT4D";
  private static final String SECRET_KEY = "FAKEVIPcP4Y7p4tD14z4gzM+jppZxO4z7KdcwjOo";

  private static List<Credential> detect(String text) {
    return DETECTOR.detect(Chunk.of(text, Location.file("app/config.env")));
  }

  private static Credential only(List<Credential> found, String ruleId) {
    List<Credential> matching = found.stream().filter(c -> c.ruleId().equals(ruleId)).toList();
    assertThat(matching).as("credentials of rule %s in %s", ruleId, found).hasSize(1);
    return matching.get(0);
  }

  private static String fixture(String name) throws IOException {
    return Files.readString(Path.of("src/test/resources/detect", name), StandardCharsets.UTF_8);
  }

  @Test
  void aGoChecksumFileHoldsNoCredentialThoughItsModulePathsNameProviders() {
    String line =
        "github.com/qdrant/go-client v1.8.0 h1:WotUTvodDIQGeSanB7Oi0ixJCPUidFfCb5ufviKCATQ=\n"
            + "QDRANT_API_KEY=WotUTvodDIQGeSanB7Oi0ixJCPUidFfCb5ufviKCATQ\n";
    assertThat(DETECTOR.detect(Chunk.of(line, Location.file("services/ingest/go.sum")))).isEmpty();
    assertThat(DETECTOR.detect(Chunk.of(line, Location.file("services/ingest/go.sum.env"))))
        .isNotEmpty();
  }

  @Test
  void aGeneratedPasswordThatHappensToDecodeAsUtf8IsNotReadAsEncodedText() {
    // 1YQmcXZ806RPSs60 is valid base64 of valid UTF-8 (Մ&qv|ӤOJδ): not text anyone encoded.
    List<Credential> found = detect("export SSHPASS='1YQmcXZ806RPSs60'");
    assertThat(found).extracting(c -> c.secret().reveal()).containsExactly("1YQmcXZ806RPSs60");
    assertThat(EncodedContent.mostlyAscii("pässwörd-2024")).isTrue();
    assertThat(EncodedContent.mostlyAscii("Մ&qv|ӤOJδ")).isFalse();
  }

  @Test
  void aTableIsReadByItsHeaderCellByCellQuotedSemicolonSeparatedOrWithCrLf() {
    String password = "Viw3c#k_-6uVZ~Fe";
    String key = "9742BFB23B74F9CB2AFBB5F70B1EE0AF";
    String csv =
        "Host;Notes;\"Local Admin Password\"\r\n"
            + "ws1;\"desk; \"\"front\"\"\";\""
            + password
            + "\"\r\n"
            + "ws2;;(LAPS)\r\n";
    List<Credential> found = DETECTOR.detect(Chunk.of(csv, Location.file("docs/assets.csv")));
    assertThat(found).extracting(c -> c.secret().reveal()).containsExactly(password);
    assertThat(found.get(0).locations().get(0).line()).isEqualTo(2);

    // A column named for a key, in a comma-separated export; the same text as any other file
    // (not a table) is not read by column.
    String devices = "dev_eui,app_key,device_id\n70B3D57ED0061B01," + key + ",probe-b01\n";
    assertThat(DETECTOR.detect(Chunk.of(devices, Location.file("lorawan/devices.csv"))))
        .extracting(c -> c.secret().reveal())
        .containsExactly(key);
    assertThat(DETECTOR.detect(Chunk.of(devices, Location.file("lorawan/devices.txt")))).isEmpty();
    // A header ending in CRLF: its last column is still a column.
    String crlf = "dev_eui,app_key\r\n70B3D57ED0061B01," + key + "\r\n";
    assertThat(DETECTOR.detect(Chunk.of(crlf, Location.file("lorawan/devices.csv"))))
        .extracting(c -> c.secret().reveal())
        .containsExactly(key);
  }

  @Test
  void cellsSplitAtTheDelimiterOutsideQuotes() {
    String line = "a,\"b,\"\"c\"\"\",,d";
    assertThat(Detector.cells(line, 0, line.length(), ','))
        .extracting(c -> line.substring(c[0], c[1]))
        .containsExactly("a", "b,\"\"c\"\"", "", "d");
    assertThat(Detector.delimiter("a;b;c,d")).isEqualTo(';');
    assertThat(Detector.delimiter("a\tb\tc")).isEqualTo('\t');
    assertThat(Detector.delimiter("plain")).isEqualTo(',');
  }

  @Test
  void aLineAnchoredRuleFindsEveryLineItsKeywordIsOnAndNoMidLineMatch() {
    // generic.secret-line and generic.env-password start at a line's start and are tried there
    // only, once per keyword line: a keyword far into its line, CRLF line ends, lines in a row.
    String text =
        "# settings\r\n"
            + "export ORDERS_SERVICE_INTERNAL_SIGNER_SECRET=FAKEsJGfJtSwxmy9wOWYaGCbSBx8DYN7\r\n"
            + "LEDGER_KEY=FAKEH2sxyaqXOVkoh4ipE9uTgLSvt1OAAT82\r\n"
            + "REPORTS_PASSWORD=lanternfish\r\n"
            + "(cd /srv && LEDGER_KEY=FAKEv3FGIunOyFIlR1H6rN9t3ZVrA3tWn6Kcip5ZrWGI\r\n";

    List<Credential> found = detect(text);

    assertThat(found)
        .extracting(Credential::ruleId)
        .containsExactlyInAnyOrder(
            "generic.secret-line", "generic.secret-line", "generic.env-password");
    assertThat(found)
        .extracting(c -> c.locations().get(0).line())
        .containsExactlyInAnyOrder(2, 3, 4);
  }

  @Test
  void charactersOutsideTheBasicPlaneEarlierInTheTextMoveNoOffsets() {
    // An emoji is two UTF-16 characters; the byte form the keyword scan reads once held one '?'
    // for it, so every match after it was looked for one character off, and missed.
    String text =
        "# release notes "
            + "\uD83D\uDE00".repeat(200)
            + " \uD83D\uDE80\n\nGITHUB_TOKEN="
            + GITHUB
            + "\n";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Chunk decoded =
        new Chunk(
            dev.tokenscope.model.DecodedText.utf8OrLatin1(bytes),
            List.of(Location.file("NOTES.md")),
            null);

    assertThat(only(detect(text), "github.personal-access-token").secret().reveal())
        .isEqualTo(GITHUB);
    assertThat(only(DETECTOR.detect(decoded), "github.personal-access-token").secret().reveal())
        .isEqualTo(GITHUB);
  }

  @Test
  void tokenDeepInsideLargeTextIsFoundWithItsLineAndColumn() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      text.append("int value").append(i).append(" = compute(").append(i).append(");\n");
    }
    text.append("    token = \"").append(GITHUB).append("\"\n");
    text.append("// end\n");

    Credential github = only(detect(text.toString()), "github.personal-access-token");

    assertThat(github.secret().reveal()).isEqualTo(GITHUB);
    assertThat(github.provider()).isEqualTo("github");
    assertThat(github.locations())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.line()).isEqualTo(20_001);
              assertThat(l.column()).isEqualTo(14);
              assertThat(l.path()).isEqualTo("app/config.env");
            });
  }

  @Test
  void aKeywordInsideAnotherKeywordsWindowStillBringsItsOwnLines() {
    // generic.netrc-password runs over the three lines after "machine": the second entry starts on
    // the first one's last window line, and its password two lines further must still be seen.
    String text =
        "machine api.fake.invalid\n  login user\n  password Qm7vR2xT9kLw4ZpN8sYb\n"
            + "machine nexus.fake.invalid\n  login ci-bot\n  password Wz3nK8qLm5Tv2XrJ\n";

    List<Credential> found = detect(text);

    assertThat(found)
        .filteredOn(c -> c.ruleId().equals("generic.netrc-password"))
        .extracting(c -> c.secret().reveal())
        .containsExactlyInAnyOrder("Qm7vR2xT9kLw4ZpN8sYb", "Wz3nK8qLm5Tv2XrJ");
  }

  @Test
  void aValueInEscapedQuotesInsideAStringIsReadAsQuoted() {
    // A notebook keeps each source line as a JSON string, and a JAAS line built in a string literal
    // escapes its quotes: the values are still found, at the line where they are written.
    String notebook =
        notebook(
            "    \"import snowflake.connector\\n\",",
            "    \"ctx = snowflake.connector.connect(user=\\\"ANALYST\\\",\\n\",",
            "    \"    password=\\\"Qm7vR2xT9kLw4ZpN8sYb\\\")\\n\"");

    List<Credential> found = DETECTOR.detect(Chunk.of(notebook, Location.file("nb/report.ipynb")));

    assertFoundOnceAt(found, "Qm7vR2xT9kLw4ZpN8sYb", 6);
  }

  @Test
  void aNotebookSourceLineIsReadAsTheCodeItHolds() {
    // Rules anchored at a line's start and end (NAME = "value" alone on its line) read the line a
    // notebook cell holds, not its JSON dress: the quotes around it, the escaped \" and \n.
    String notebook =
        notebook(
            "    \"import os\\n\",",
            "    \"VT_KEY = \\\"c7d5b8e06721f38c2cb56b4c9d95a4401722fa350fd3daa742b1de5257051251\\\"\\n\",",
            "    \"headers = {\\\"Authorization\\\": \\\"Bearer Jk2Lm9Np4Qr7St1Uv6Wx3Yz8Ab5Cd0Ef\\\"}\\n\"");

    List<Credential> found = DETECTOR.detect(Chunk.of(notebook, Location.file("nb/triage.ipynb")));

    assertFoundOnceAt(found, "c7d5b8e06721f38c2cb56b4c9d95a4401722fa350fd3daa742b1de5257051251", 5);
    assertFoundOnceAt(found, "Jk2Lm9Np4Qr7St1Uv6Wx3Yz8Ab5Cd0Ef", 6);
  }

  /**
   * A notebook of one code cell whose {@code source} holds these lines (JSON string elements, as
   * written); the first of them is on line 4.
   */
  private static String notebook(String... sourceLines) {
    return "{\n \"cells\": [{\n  \"source\": [\n"
        + String.join("\n", sourceLines)
        + "\n  ]\n }]\n}\n";
  }

  /** The secret is reported as one credential, found on that line only. */
  private static void assertFoundOnceAt(List<Credential> found, String secret, int line) {
    assertThat(found)
        .filteredOn(c -> c.secret().reveal().equals(secret))
        .singleElement()
        .satisfies(c -> assertThat(c.locations()).extracting(Location::line).containsExactly(line));
  }

  @Test
  void aJsonObjectLineIsNotTakenForOneString() {
    // "name": "value", is two strings: only a line that is one string is unescaped whole, so the
    // encoded value in this one is still decoded and found as what it encodes.
    String encoded =
        Base64.getEncoder()
            .encodeToString("DB_PASSWORD=Tq7Lm2Zx9Kp4Vb8N".getBytes(StandardCharsets.UTF_8));
    String json = "{\n  \"env\": \"" + encoded + "\",\n  \"note\": \"a \\\"quoted\\\" word\"\n}\n";

    List<Credential> found = detect(json);

    assertThat(found).extracting(c -> c.secret().reveal()).contains("Tq7Lm2Zx9Kp4Vb8N");
  }

  @Test
  void windowsLineEndingsDoNotHideSecrets() {
    List<Credential> found =
        detect("a: 1\r\nDB_PASSWORD=Fk9wQz2Lx7Vn4Rt8\r\nGH=" + GITHUB + "\r\n");

    assertThat(only(found, "generic.password-line").secret().reveal())
        .isEqualTo("Fk9wQz2Lx7Vn4Rt8");
    assertThat(only(found, "github.personal-access-token").locations())
        .extracting(Location::line)
        .containsExactly(3);
  }

  @Test
  void tokenInsideAHugeMinifiedLineIsFound() {
    String filler = "var a=function(b){return b+1};".repeat(40_000);
    String text = filler + "var t=\"" + GITHUB + "\";" + filler;

    Credential github = only(detect(text), "github.personal-access-token");

    assertThat(github.locations())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.line()).isEqualTo(1);
              assertThat(l.column()).isEqualTo(filler.length() + 8);
            });
  }

  @Test
  void sameSecretTwiceIsOneCredentialWithBothLocations() {
    List<Credential> found = detect("A=" + GITHUB + "\n\nB=" + GITHUB + "\n");

    Credential github = only(found, "github.personal-access-token");
    assertThat(github.locations()).extracting(Location::line).containsExactly(1, 3);
  }

  @Test
  void everyOriginOfAChunkIsReported() {
    Chunk chunk = new Chunk("x=" + GITHUB, List.of(Location.file("a.env"), Location.file("b.env")));

    Credential github = only(DETECTOR.detect(chunk), "github.personal-access-token");

    assertThat(github.locations()).extracting(Location::path).containsExactly("a.env", "b.env");
  }

  @Test
  void wrongChecksumIsNotAGitHubToken() {
    String tampered = GITHUB.substring(0, GITHUB.length() - 1) + "5";

    assertThat(detect("token=" + tampered)).noneMatch(c -> c.ruleId().startsWith("github."));
  }

  @Test
  void awsSecretKeyTakesTheNearestKeyIdAsAttributeAndTheKeyIdIsNotReportedAlone() {
    String text =
        "[default]\naws_access_key_id = "
            + KEY_ID
            + "\naws_secret_access_key = "
            + SECRET_KEY
            + "\nregion = eu-west-1\n";

    List<Credential> found = detect(text);

    Credential pair = only(found, "aws.secret-access-key");
    assertThat(pair.provider()).isEqualTo("aws");
    assertThat(pair.secret().reveal()).isEqualTo(SECRET_KEY);
    assertThat(pair.attributes()).containsEntry("id", KEY_ID);
    assertThat(found).noneMatch(c -> c.ruleId().equals("aws.access-key-id"));
  }

  @Test
  void awsKeyIdFarFromTheSecretStaysItsOwnCredential() {
    String filler = "x = 1\n".repeat(10);
    String text =
        "aws_access_key_id = "
            + KEY_ID
            + "\n"
            + filler
            + "aws_secret_access_key = "
            + SECRET_KEY
            + "\n";

    List<Credential> found = detect(text);

    assertThat(only(found, "aws.secret-access-key").attributes()).doesNotContainKey("id");
    assertThat(only(found, "aws.access-key-id").secret().reveal()).isEqualTo(KEY_ID);
  }

  @Test
  void awsCredentialsCsvPairsOnTheSameLine() {
    List<Credential> found =
        detect("Access key ID,Secret access key\n" + KEY_ID + "," + SECRET_KEY + "\n");

    assertThat(only(found, "aws.secret-access-key").attributes()).containsEntry("id", KEY_ID);
    assertThat(found).noneMatch(c -> c.ruleId().equals("aws.access-key-id"));
  }

  @Test
  void connectionStringIsOneCredentialWithThePasswordAsSecret() {
    List<Credential> found =
        detect(
            "DATABASE_URL=postgresql://orders:Fk9wQz2Lx7Vn4Rt8@db.fake.invalid:6543/orders_prod\n");

    assertThat(found)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.ruleId()).isEqualTo("postgresql.connection-string");
              assertThat(c.provider()).isEqualTo("postgresql");
              assertThat(c.secret().reveal()).isEqualTo("Fk9wQz2Lx7Vn4Rt8");
              assertThat(c.attributes())
                  .containsEntry("scheme", "postgresql")
                  .containsEntry("user", "orders")
                  .containsEntry("host", "db.fake.invalid")
                  .containsEntry("port", "6543")
                  .containsEntry("database", "orders_prod");
            });
  }

  @Test
  void specificRuleWinsOverGenericRuleOnTheSameSecret() {
    List<Credential> found =
        detect(
            "git remote add origin https://x-access-token:"
                + GITHUB
                + "@github.com/fake/repo.git\n");

    assertThat(found)
        .extracting(Credential::ruleId)
        .containsExactly("github.personal-access-token");
  }

  @Test
  void kubernetesSecretDataValuesAreDecodedAndFoundAtTheEncodedLine() throws IOException {
    List<Credential> found =
        DETECTOR.detect(Chunk.of(fixture("k8s-secret.yaml"), Location.file("k8s/secret.yaml")));

    Credential github = only(found, "github.personal-access-token");
    assertThat(github.secret().reveal()).isEqualTo("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");
    assertThat(github.locations())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.line()).isEqualTo(9);
              assertThat(l.column()).isEqualTo(17);
            });
    Credential database = only(found, "postgresql.connection-string");
    assertThat(database.secret().reveal()).isEqualTo("FkyQInTeIJwq0mGvanIl");
    assertThat(database.attributes()).containsEntry("host", "db.prod.fake.invalid");
    assertThat(database.locations()).extracting(Location::line).containsExactly(10);
    Credential aws = only(found, "aws.secret-access-key");
    assertThat(aws.secret().reveal()).isEqualTo("FAKEhlDglVZd6eqlEeLJK8W/XynoJ2VZBzaLsBKu");
    assertThat(aws.attributes()).containsEntry("id", "AKIAFAKEDRO2TWWSMDYX");
    assertThat(aws.locations()).extracting(Location::line).containsExactly(12);
    assertThat(found)
        .extracting(Credential::ruleId)
        .containsExactlyInAnyOrder(
            "github.personal-access-token",
            "postgresql.connection-string",
            "aws.secret-access-key");
  }

  @Test
  void percentEncodedSecretIsDecodedOneLevel() {
    String hook = "https://hooks.slack.com/services/TFAKE0001/BFAKE0002/FAKEq8PzLw3Nx5Rt7Vy9Ab2C";
    String encoded = hook.replace(":", "%3A").replace("/", "%2F");

    List<Credential> found =
        detect("notify_url=https://ci.fake.invalid/notify?target=" + encoded + "&retry=3\n");

    assertThat(only(found, "slack.webhook-url").secret().reveal())
        .isEqualTo("TFAKE0001/BFAKE0002/FAKEq8PzLw3Nx5Rt7Vy9Ab2C");
  }

  @Test
  void percentEncodedPasswordInADatabaseUrlIsReportedWhole() {
    // RFC 3986 and the MongoDB and libpq pages ask for @ : / in a password to be percent-encoded;
    // decoding them would cut the URL at the wrong "@" and report part of the password.
    List<Credential> found =
        detect("MONGO_URL=mongodb://app:FAKEq7%40Lw3Nx5%2FRt@%2Ftmp%2Fmongodb-27017.sock/prod\n");

    assertThat(found).extracting(Credential::ruleId).containsExactly("mongodb.connection-string");
    assertThat(found.get(0).secret().reveal()).isEqualTo("FAKEq7%40Lw3Nx5%2FRt");
  }

  @Test
  void aShellDefaultsValueStartsAfterItsDash() {
    // ${NAME:-value}: the value is what follows ":-". Rules read the dash as the value's first
    // character (apacta's value may hold a dash) or, where a dash may not precede a value, missed
    // it (heroku's UUID).
    List<Credential> found =
        detect(
            "export HEROKU_API_KEY=${HEROKU_API_KEY:-ce310011-3ba3-4d3d-9314-8b70d790a1ff}\n"
                + "      - APACTA_API_KEY=${APACTA_API_KEY:-044030a42bdf58ff298ccad683e05473}\n");

    assertThat(found)
        .extracting(c -> c.ruleId() + " " + c.secret().reveal())
        .containsExactlyInAnyOrder(
            "heroku.api-key-anchored ce310011-3ba3-4d3d-9314-8b70d790a1ff",
            "apacta.api-key 044030a42bdf58ff298ccad683e05473");
  }

  @Test
  void aSignedUrlWithAPercentEncodedQueryIsOneCredential() {
    // The query's sp=%2Ftriggers%2F… decodes to text the URL rule matches again; that copy runs
    // past the decoded part, so it is the same secret, not a secret found by decoding.
    String url =
        "https://prod-31.westeurope.logic.azure.com:443/workflows/d77950aaab5193581253ce3ff235e04f"
            + "/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun"
            + "&sv=1.0&sig=FAKE6Z6a0Evfo6ZBaxc-s6QNZCB3UgsA1BnU7ARExyz";

    List<Credential> found = detect("TEAMS_FLOW_URL=" + url + "\n");

    assertThat(found).hasSize(1);
    assertThat(found.get(0).secret().reveal()).isEqualTo(url);
  }

  @Test
  void aProvidersJwtIsReportedAsTheProvidersTokenNotAsABareJwt() {
    // The same span matches jwt.token and monday.api-token; the provider's rule says whose it is.
    List<Credential> found =
        detect(
            "MONDAY_API_TOKEN=eyJhbGciOiJIUzI1NiJ9.eyJ0aWQiOjQ1OTE0MDU0MiwiYWFpIjoxMSwidWlkIjozNDA4"
                + "MDkxMSwiaWFkIjoiMjAyNC0wMi0wNlQwMjowMTowNy4yMzlaIiwicGVyIjoibWU6d3JpdGUiLCJhY3Rp"
                + "ZCI6NjA0MTY5MiwicmduIjoidXNlMSJ9.sGfruoj6aLjSQZniZuABalMKKHf5pyLBUd2fp2BR8dU\n");

    assertThat(found).extracting(Credential::ruleId).containsExactly("monday.api-token");
  }

  @Test
  void anUnencodedAtSignInAUrlPasswordStaysInThePassword() {
    // Drivers split the authority at its last "@"; taking the first would report a stub of the
    // password as the secret and the rest of it as the host.
    Credential postgres =
        only(
            detect("DATABASE_URL=postgresql://app:FAKEk9@vLq2mZ7pR@db.fake.invalid:5432/app\n"),
            "postgresql.connection-string");
    assertThat(postgres.secret().reveal()).isEqualTo("FAKEk9@vLq2mZ7pR");
    assertThat(postgres.attributes()).containsEntry("host", "db.fake.invalid");

    // In a multi-host list the next "@" belongs to the next host's user: the password ends first.
    Credential multiHost =
        only(
            detect(
                "PG_URL=postgresql://app:FAKEw3Jt8Xq2Lp@h1.fake.invalid:5432,"
                    + "app:FAKEw3Jt8Xq2Lp@h2.fake.invalid:5433/app\n"),
            "postgresql.connection-string");
    assertThat(multiHost.secret().reveal()).isEqualTo("FAKEw3Jt8Xq2Lp");
  }

  @Test
  void doublyEncodedSecretIsDecodedOnlyOneLevel() {
    String twice =
        Base64.getEncoder()
            .encodeToString(Base64.getEncoder().encode(GITHUB.getBytes(StandardCharsets.US_ASCII)));

    assertThat(detect("value: " + twice + "\n")).isEmpty();
  }

  @Test
  void gcpServiceAccountKeyIsOneCredentialWithItsPublicAttributes() throws IOException {
    String key = fixture("gcp-service-account.json");

    List<Credential> found = detect(key);

    Credential gcp = only(found, "gcp.service-account-key");
    assertThat(gcp.provider()).isEqualTo("gcp");
    assertThat(gcp.secret().reveal()).isEqualTo(key.strip());
    assertThat(gcp.attributes())
        .containsEntry("client_email", "fake-sa@fake-project-123456.iam.gserviceaccount.com")
        .containsEntry("project_id", "fake-project-123456")
        .containsKey("private_key_id");
    assertThat(found).as("the private key inside is part of the key file").hasSize(1);
    int privateKeyLine =
        (int)
                key.substring(0, key.indexOf("\"private_key\""))
                    .chars()
                    .filter(c -> c == '\n')
                    .count()
            + 1;
    assertThat(privateKeyLine).isGreaterThan(1);
    assertThat(gcp.locations())
        .as("reported at its private_key line (the rule's at group), not at the opening brace")
        .extracting(Location::line)
        .containsExactly(privateKeyLine);
  }

  @Test
  void gcpKeyFileStoredBase64InAKubernetesSecretIsFound() throws IOException {
    String key = fixture("gcp-service-account.json").strip();
    String secret =
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: gcp\ndata:\n  key.json: "
            + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8))
            + "\n";

    Credential gcp = only(detect(secret), "gcp.service-account-key");

    assertThat(gcp.secret().reveal()).isEqualTo(key);
    assertThat(gcp.attributes()).containsEntry("project_id", "fake-project-123456");
    assertThat(gcp.locations()).extracting(Location::line).containsExactly(6);
  }

  /** A password that repeats its user name (readonly:readonly) is a default, shown as info. */
  @Test
  void aPasswordThatRepeatsItsUserNameIsAStandIn() {
    Credential same =
        only(
            detect("DATABASE_URL=postgresql://readonly:readonly@localhost:5432/acme\n"),
            "postgresql.connection-string");
    Credential real =
        only(
            detect("DATABASE_URL=postgresql://readonly:Tq8vL3nZ6xR2@localhost:5432/acme\n"),
            "postgresql.connection-string");

    assertThat(same.attribute(Placeholders.ATTRIBUTE)).isEqualTo(Placeholders.SAME_AS_USER);
    assertThat(real.attribute(Placeholders.ATTRIBUTE)).isNull();
  }

  /** A masking run is typed in one case; xXxX inside a random value is chance, not a mask. */
  @Test
  void mixedCaseXsInsideARandomPasswordAreNotAMask() {
    assertThat(
            detect(
                "DATABASE_URL=mysql://95z7u1u1i2y9:pscale_pw_lu9_rWVzIvqngutsLXxxXeN3uQ@aws.connect.psdb.cloud/app\n"))
        .extracting(Credential::ruleId)
        .containsExactly("mysql.connection-string");
  }

  @Test
  void placeholdersAreNotSecrets() {
    String text =
        String.join(
            "\n",
            "RAILWAY_TOKEN: ${{ secrets.RAILWAY_TOKEN }}",
            "password = os.environ[\"DB_PASSWORD\"]",
            "api_key: process.env.API_KEY",
            "DB_PASSWORD=${DB_PASSWORD}",
            "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
            "token: <TOKEN>",
            "password: changeme");

    assertThat(detect(text)).isEmpty();
  }

  /**
   * A value typed to look like a key (a run such as 1234567890, which a random key holds about
   * never) is a stand-in: still found, marked with the pattern it matched, so the assessor can show
   * it as information instead of dropping it unseen. A generated key is not marked.
   */
  @Test
  void aTypedStandInIsFoundAndMarkedAndAGeneratedKeyIsNot() {
    Credential typed =
        only(detect("STRIPE_KEY=sk_live_1234567890qWeRtYuIoPaSdF"), "stripe.live-secret-key");
    Credential counted =
        only(detect("STRIPE_KEY=sk_live_a1b2c3d4e5f6g7h8i9j0k1l2"), "stripe.live-secret-key");
    Credential generated =
        only(detect("STRIPE_KEY=sk_live_Tq8vN2rX5kL9mW3pZ7bJ4hYc"), "stripe.live-secret-key");

    assertThat(typed.attribute(Placeholders.ATTRIBUTE)).isEqualTo("sequence");
    assertThat(counted.attribute(Placeholders.ATTRIBUTE)).isEqualTo("typed-sequence");
    assertThat(generated.attribute(Placeholders.ATTRIBUTE)).isNull();
    assertThat(detect("STRIPE_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx")).isEmpty();
  }

  /**
   * A generic rule does not know a value is encoded: one that is plainly base64 of a placeholder
   * ({@code Y2hhbmdlbWU=} is {@code changeme}) is a placeholder, while base64 of a real-looking
   * password is still reported.
   */
  @Test
  void aBase64PlaceholderIsDroppedAndABase64PasswordIsNot() {
    assertThat(detect("data:\n  DB_PASSWORD: Y2hhbmdlbWU=\n")).isEmpty();
    assertThat(detect("postgresql-password: \"cG9zdGdyZXMK\"\n")).isEmpty(); // "postgres\n"
    assertThat(detect("data:\n  DB_PASSWORD: UTh2TjJyWDVrTDltVzNwWg==\n"))
        .extracting(Credential::ruleId)
        .containsExactly("generic.password-line");
  }

  /**
   * A rule with {@code in_tests: info} (Kerberos roasting output) marks every finding in test data
   * as a test vector, named or not; the same capture anywhere else is not.
   */
  @Test
  void aRoastedHashInTestDataIsATestVectorAndElsewhereItIsNot() {
    String line =
        "asrep: $krb5asrep$23$4f0a9c2e7b1d3f5a6c8e0b2d4f6a8c1e$"
            + "9b1d3f5a7c9e2b4d6f8a0c1e3f5b7d9a2c4e6f8b0d1a3c5e7f9b2d4a6c8e0f1b3d5a7c9e2f4b6d8a0c1e3f5\n";
    String rule = "password-hash.kerberos-roast";

    assertThat(context(line, "spec/fixtures/roast.txt", rule)).isEqualTo(TestVectors.VALUE);
    assertThat(context(line, "loot/hashes.txt", rule)).isNull();
  }

  /**
   * The password a CI workflow gives its own service container is the container's, on its own line
   * and in a URL to the container; a credential that also reaches another host with it, or the same
   * file outside CI configuration, is not.
   */
  @Test
  void aCiServiceContainersPasswordIsMarkedOnlyWhereItReachesTheContainer() {
    String workflow =
        """
        jobs:
          test:
            services:
              postgres:
                image: postgres:16
                env:
                  POSTGRES_PASSWORD: Hq4vRz8TnW2xLp7K
            env:
              DATABASE_URL: postgres://app:Hq4vRz8TnW2xLp7K@localhost:5432/app
        """;
    String alsoReplica =
        workflow + "      REPLICA_URL: postgres://app:Hq4vRz8TnW2xLp7K@replica.db.acme.io/app\n";

    assertThat(contexts(workflow, ".github/workflows/ci.yml"))
        .containsEntry(7, CiServices.VALUE)
        .containsEntry(9, CiServices.VALUE);
    // The URL's credential reaches a real host on line 10, so it is live on both its lines.
    assertThat(contexts(alsoReplica, ".github/workflows/ci.yml"))
        .containsEntry(7, CiServices.VALUE)
        .containsEntry(9, "none")
        .containsEntry(10, "none");
    assertThat(contexts(workflow, "deploy/compose.yml").values())
        .isNotEmpty()
        .doesNotContain(CiServices.VALUE);
    // Without a service container the variable configures nothing the job starts.
    assertThat(contexts(workflow.replace("services:", "needs:"), ".gitlab-ci.yml").values())
        .isNotEmpty()
        .doesNotContain(CiServices.VALUE);
  }

  /** The context attribute (or "none") of each credential found in the text, by line. */
  private static Map<Integer, String> contexts(String text, String path) {
    Map<Integer, String> out = new TreeMap<>();
    for (Credential c : DETECTOR.detect(Chunk.of(text, Location.file(path)))) {
      String context = c.attribute(Credential.CONTEXT);
      for (Location l : c.locations()) {
        out.merge(
            l.line(), context == null ? "none" : context, (a, b) -> a.equals(b) ? a : a + "," + b);
      }
    }
    return out;
  }

  /** The test-vector context the rule's finding in the line gets at that path, or null. */
  private static String context(String line, String path, String ruleId) {
    return only(DETECTOR.detect(Chunk.of(line, Location.file(path))), ruleId)
        .attribute(Credential.CONTEXT);
  }

  /**
   * In a test's data a value that says it is fake is a test vector; the same value elsewhere is
   * not.
   */
  @Test
  void aValueThatSaysItIsFakeInTestDataIsATestVector() {
    String line =
        "  \"aws\": { \"accessKeyId\": \"AKIAFAKEFAKEFAKEFAKE\", \"region\": \"eu-west-1\" },\n";
    String rule = "aws.access-key-id";

    assertThat(context(line, "backend/test/fixtures/integrations.json", rule))
        .isEqualTo(TestVectors.VALUE);
    assertThat(context(line, "backend/config/integrations.json", rule)).isNull();
  }

  /**
   * A rule with {@code files} reads only the files it names: a .pgpass line is nothing elsewhere.
   */
  @Test
  void aFileScopedRuleAppliesOnlyInTheFilesItNames() {
    String line = "db.internal:5432:orders:orders_app:Wq8zN3vR5tLxPq\n";

    assertThat(DETECTOR.detect(Chunk.of(line, Location.file("home/ci/.pgpass"))))
        .extracting(Credential::ruleId)
        .containsExactly("postgresql.pgpass");
    assertThat(DETECTOR.detect(Chunk.of(line, Location.file("docs/pgpass-format.txt")))).isEmpty();
  }

  /**
   * The literal a {@code files} expression ends with is a prefilter on every path of a history: it
   * must be one that every match ends with, or "" when that cannot be told.
   */
  @Test
  void theLiteralSuffixOfAFilesExpressionIsOneEveryMatchEndsWith() {
    assertThat(Detector.literalSuffix("(?:^|/)\\.pgpass$")).isEqualTo(".pgpass");
    assertThat(Detector.literalSuffix("(?:^|/)config/(?:master|credentials/[\\w.-]+)\\.key$"))
        .isEqualTo(".key");
    assertThat(Detector.literalSuffix("(?:^|/)\\.pgpass")).isEmpty(); // no $: anywhere
    assertThat(Detector.literalSuffix("secrets\\.txt|\\.pgpass$")).isEmpty(); // an alternative
    assertThat(Detector.literalSuffix("(?i)\\.PGPASS$")).isEmpty(); // either case
    assertThat(Detector.literalSuffix("\\.keys?$")).isEmpty(); // a quantified last character
    assertThat(Detector.literalSuffix("\\\\.env$")).isEqualTo("env"); // \\ then any character
    assertThat(Detector.literalSuffix("\\d$")).isEmpty();
    assertThat(Detector.literalSuffixes("(?:^|/)\\.p4tickets$|(?:^|/)p4tickets\\.txt$"))
        .containsExactly(".p4tickets", "p4tickets.txt");
    assertThat(Detector.literalSuffixes("secrets\\.txt|\\.pgpass$")).containsExactly("");
    assertThat(Detector.literalSuffixes("(?:^|/)\\.pgpass$")).containsExactly(".pgpass");
  }

  @Test
  void detectionIsTheSameFromManyThreads() throws Exception {
    String text =
        "x="
            + GITHUB
            + "\naws_access_key_id = "
            + KEY_ID
            + "\naws_secret_access_key = "
            + SECRET_KEY
            + "\n";
    String expected = describe(detect(text));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> results =
          IntStream.range(0, 200).mapToObj(i -> pool.submit(() -> describe(detect(text)))).toList();
      for (Future<String> result : results) {
        assertThat(result.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String describe(List<Credential> found) {
    return found.stream()
        .map(c -> c.ruleId() + " " + c.fingerprint() + " " + c.attributes() + " " + c.locations())
        .sorted()
        .collect(Collectors.joining("\n"));
  }

  @Test
  void fingerprintDependsOnRuleAndSecretNotOnPlace() {
    Credential first =
        only(
            DETECTOR.detect(Chunk.of("a=" + GITHUB, Location.file("a"))),
            "github.personal-access-token");
    Credential moved =
        only(
            DETECTOR.detect(Chunk.of("\n\n  b: " + GITHUB, Location.file("b"))),
            "github.personal-access-token");

    assertThat(moved.fingerprint()).isEqualTo(first.fingerprint()).startsWith("fp:");
  }

  /** A JWT's exp claim comes with it (public: anyone holding the token reads it). */
  @Test
  void aJwtCarriesItsExpiryAndOneWithoutExpHasNone() {
    String expiring =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtYmlsbGluZyIsImlhdCI6MTUwMDAwMDAwMCwiZXhwIjoxNTAwMDAzNjAwfQ.Qz7vL2nT9xR4mWkP3aB6cD8eF1gH5iJ0zQ8vL3nT6xR";
    String lasting =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtYmlsbGluZyIsImlhdCI6MTUwMDAwMDAwMH0.Qz7vL2nT9xR4mWkP3aB6cD8eF1gH5iJ0zQ8vL3nT6xR";

    Credential withExp = only(detect("SESSION=" + expiring), "jwt.token");
    Credential withoutExp = only(detect("SESSION=" + lasting), "jwt.token");

    assertThat(withExp.attribute(Credential.EXPIRES)).isEqualTo("2017-07-14T03:40:00Z");
    assertThat(withoutExp.attribute(Credential.EXPIRES)).isNull();
  }

  /**
   * Scanned content is hostile: a line of 400,000 As holds Twitter's bearer-token keyword at every
   * position. Looking back from each for the line's start took 33 s before the look-back stopped at
   * the rule's lead; it now takes well under a second.
   */
  @Test
  void aLongLineOfKeywordsIsScannedInLinearTime() {
    String line = "A".repeat(400_000) + "\n" + "x = os.getenv(\"" + "a".repeat(400_000) + "\n";

    List<Credential> found = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> detect(line));

    assertThat(found).isEmpty();
  }
}
