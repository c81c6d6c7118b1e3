package dev.tokenscope.bench;

import dev.tokenscope.config.Config;
import dev.tokenscope.detect.RuleSet;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.Severity;
import dev.tokenscope.pipeline.Pipeline;
import dev.tokenscope.pipeline.ScanResult;
import dev.tokenscope.source.FileSource;
import dev.tokenscope.source.GitHistorySource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * The field corpus: a generated repository shaped like a real service (settings, .env files, CI
 * files, Go/Python/Java/JS code, Terraform, Helm values, kubeconfig, package-manager credential
 * files, tests and fixtures) with planted credentials of many kinds and decoys that a scanner must
 * not report: published example values (AWS's documentation keys, Azurite's key, jwt.io's token,
 * Stripe's documented test key), placeholders and template references, values named FAKE or EXAMPLE
 * in test files, and high-entropy non-secrets (hashes, UUIDs, base64 images, integrity strings,
 * public keys). Its history first commits some credentials and then removes them, so they are in
 * the history but not the tree; its {@code .gitignore}, added in the second commit, ignores {@code
 * .env} files committed in the first, which stay tracked. The tree scan reads the repository's
 * checkout. Seeded: every run measures the same bytes.
 *
 * <p>A finding counts when its severity is above {@code info}. It is a true positive when its
 * secret is, contains or is contained in a planted value; recall is planted values found over
 * planted values present.
 */
public final class FieldCorpus {
  private static final String ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String HEX = "0123456789abcdef";
  private static final String B64 = ALNUM + "+/";

  private final Random random;
  private final Map<String, StringBuilder> files = new LinkedHashMap<>();

  /** Planted values present in the final tree, and those only in the history. */
  private final List<String> planted = new ArrayList<>();

  private final List<String> historyOnly = new ArrayList<>();
  private final Map<String, String> removedLines = new LinkedHashMap<>();
  private int decoys;

  public FieldCorpus(long seed) {
    this.random = new Random(seed);
    build();
  }

  /** Precision and recall over one scan. */
  public record Score(
      int planted,
      int found,
      int findings,
      int truePositives,
      List<String> missed,
      List<String> falsePositives) {
    public double recall() {
      return planted == 0 ? 1 : (double) found / planted;
    }

    public double precision() {
      return findings == 0 ? 1 : (double) truePositives / findings;
    }
  }

  public int plantedInTree() {
    return planted.size();
  }

  public int plantedInHistory() {
    return planted.size() + historyOnly.size();
  }

  public int decoys() {
    return decoys;
  }

  /** Writes the final tree under {@code dir}. */
  public void writeTree(Path dir) throws IOException {
    for (Map.Entry<String, StringBuilder> e : files.entrySet()) {
      Path file = dir.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Writes a repository whose first commit holds the history-only credentials too, and whose second
   * commit replaces them with references, leaving the final tree.
   */
  public void writeHistory(Path dir) throws IOException {
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      writeTree(dir);
      for (Map.Entry<String, String> e : removedLines.entrySet()) {
        Path file = dir.resolve(e.getKey());
        Files.createDirectories(file.getParent());
        Files.writeString(
            file,
            e.getValue() + (Files.exists(file) ? Files.readString(file) : ""),
            StandardCharsets.UTF_8);
      }
      // The first commit has no ignore file: what .gitignore ignores now was committed before it.
      Files.deleteIfExists(dir.resolve(".gitignore"));
      commit(git, 0, "initial import");
      for (String file : removedLines.keySet()) {
        if (!files.containsKey(file)) {
          Files.delete(dir.resolve(file)); // a file that held only history-only credentials
        }
      }
      writeTree(dir);
      commit(git, 1, "move credentials to the secret store");
    } catch (GitAPIException e) {
      throw new IOException("cannot write the field corpus history: " + e.getMessage(), e);
    }
  }

  private static void commit(Git git, int n, String message) throws GitAPIException {
    git.add().addFilepattern(".").call();
    git.add().addFilepattern(".").setUpdate(true).call();
    PersonIdent who =
        new PersonIdent(
            "Field",
            "field@corpus.invalid",
            Instant.parse("2024-03-01T00:00:00Z").plusSeconds(86_400L * n),
            ZoneOffset.UTC);
    git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
  }

  /** Scans the tree and the history with the rules and scores both. */
  public static Map<String, Score> measure(RuleSet rules, Path scratch) throws IOException {
    FieldCorpus corpus = new FieldCorpus(18);
    // The tree is the repository's checkout: a file it tracks is scanned although ignored.
    Path repo = scratch.resolve("field-history");
    corpus.writeHistory(repo);
    Path tree = repo;
    Pipeline pipeline = Pipeline.forRules(rules, Config.empty(), null);
    Map<String, Score> out = new LinkedHashMap<>();
    ScanResult treeScan =
        pipeline.run(List.of(new FileSource(List.of(tree), 50L << 20, true)), List.of());
    out.put("tree", corpus.score(treeScan, corpus.planted));
    List<String> all = new ArrayList<>(corpus.planted);
    all.addAll(corpus.historyOnly);
    ScanResult historyScan =
        pipeline.run(List.of(new GitHistorySource(repo, null, 50L << 20)), List.of());
    out.put("history", corpus.score(historyScan, all));
    return out;
  }

  Score score(ScanResult result, List<String> expected) {
    Set<String> found = new HashSet<>();
    Set<String> seen = new HashSet<>();
    int findings = 0;
    int truePositives = 0;
    List<String> falsePositives = new ArrayList<>();
    for (Finding f : result.findings()) {
      if (f.severity() == Severity.INFO || f.credential().secret() == null) {
        continue;
      }
      if (!seen.add(f.credential().fingerprint())) {
        continue;
      }
      findings++;
      String secret = f.credential().secret().reveal();
      boolean hit = false;
      for (String value : expected) {
        String decoded = decodedForms.get(value);
        if (value.equals(secret)
            || value.contains(secret)
            || secret.contains(value)
            || secret.equals(decoded)) {
          found.add(value);
          hit = true;
        }
      }
      if (hit) {
        truePositives++;
      } else {
        falsePositives.add(
            f.credential().ruleId()
                + " at "
                + f.credential().locations().get(0).display()
                + " ("
                + f.credential().redacted()
                + ")");
      }
    }
    List<String> missed = new ArrayList<>();
    for (int i = 0; i < expected.size(); i++) {
      if (!found.contains(expected.get(i))) {
        missed.add(kinds.get(expected.get(i)));
      }
    }
    return new Score(
        expected.size(), found.size(), findings, truePositives, missed, falsePositives);
  }

  // ---------------------------------------------------------------------------------------------
  // The repository

  private final Map<String, String> kinds = new LinkedHashMap<>();

  /**
   * For a value stored encoded (FileZilla's base64 password), the text under the encoding: a
   * scanner that decodes it and reports the password itself has found it too.
   */
  private final Map<String, String> decodedForms = new HashMap<>();

  /** Adds a line holding a planted credential; {@code value} is what a scanner should report. */
  private void plant(String file, String kind, String line, String value) {
    add(file, line);
    planted.add(value);
    kinds.put(value, kind + " in " + file);
  }

  /** A credential committed first and then replaced (history only). */
  private void plantHistoryOnly(String file, String kind, String line, String value) {
    removedLines.merge(file, line + "\n", String::concat);
    historyOnly.add(value);
    kinds.put(value, kind + " in " + file + " (history)");
  }

  private void decoy(String file, String line) {
    add(file, line);
    decoys++;
  }

  private void add(String file, String line) {
    StringBuilder b = files.computeIfAbsent(file, k -> new StringBuilder());
    for (int i = random.nextInt(4); i > 0; i--) {
      b.append(filler(file)).append('\n');
    }
    b.append(line).append('\n');
  }

  private String filler(String file) {
    String w = pick("order", "invoice", "customer", "retry", "timeout", "region", "bucket");
    if (file.endsWith(".py")) {
      return pick("", "import logging", "log = logging.getLogger(__name__)", "")
          + (random.nextBoolean()
              ? ""
              : "\n" + w.toUpperCase() + "_LIMIT = " + random.nextInt(500));
    }
    if (file.endsWith(".go")) {
      return "\t// " + w + " handling\n\t" + w + "Count := " + random.nextInt(90);
    }
    if (file.endsWith(".java")) {
      return "  private static final int "
          + w.toUpperCase()
          + "_MAX = "
          + random.nextInt(900)
          + ";";
    }
    if (file.endsWith(".js") || file.endsWith(".ts")) {
      return "const " + w + "Limit = " + random.nextInt(100) + ";";
    }
    if (file.endsWith(".yaml") || file.endsWith(".yml")) {
      return w + "_timeout: " + random.nextInt(60) + "s";
    }
    if (file.endsWith(".tf") || file.endsWith(".tfvars")) {
      return w + "_count = " + random.nextInt(9);
    }
    return "# " + w + " settings";
  }

  private void build() {
    // --- planted: provider tokens with documented formats
    // The key id is an attribute of the pair, not scored on its own.
    add(".env", "AWS_ACCESS_KEY_ID=AKIA" + s("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16));
    String awsSecret = s(B64, 40);
    plant(".env", "AWS secret key", "AWS_SECRET_ACCESS_KEY=" + awsSecret, awsSecret);
    String ghp = crcToken("ghp_");
    plant("scripts/release.sh", "GitHub PAT", "export GITHUB_TOKEN=" + ghp, ghp);
    String npm = crcToken("npm_");
    plant(".npmrc", "npm token", "//registry.npmjs.org/:_authToken=" + npm, npm);
    String slack = "xoxb-" + d(12) + "-" + d(13) + "-" + s(ALNUM, 24);
    plant("config/notify.yaml", "Slack bot token", "slack_bot_token: " + slack, slack);
    String hook =
        "https://hooks.slack.com/services/T"
            + s(UPPER, 10)
            + "/B"
            + s(UPPER, 10)
            + "/"
            + s(ALNUM, 24);
    plant("config/notify.yaml", "Slack webhook", "webhook_url: " + hook, hook);
    String stripe = "sk_live_" + s(ALNUM, 99);
    plant(
        "billing/settings.py", "Stripe live key", "STRIPE_SECRET_KEY = \"" + stripe + "\"", stripe);
    String sendgrid = "SG." + s(ALNUM + "_-", 22) + "." + s(ALNUM + "_-", 43);
    plant("mailer/config.js", "SendGrid key", "const SENDGRID_KEY = '" + sendgrid + "';", sendgrid);
    String google = "AIza" + s(ALNUM + "_-", 35);
    plant(
        "web/src/maps.ts", "Google API key", "export const MAPS_KEY = \"" + google + "\";", google);
    String twilio = s(HEX, 32);
    plant("sms/settings.py", "Twilio auth token", "TWILIO_AUTH_TOKEN = '" + twilio + "'", twilio);
    String glpat = "glpat-" + s(ALNUM + "_-", 20);
    plant(".gitlab-ci.yml", "GitLab PAT", "  GITLAB_TOKEN: " + glpat, glpat);
    String hf = "hf_" + s(ALNUM, 34);
    plant("ml/train.py", "Hugging Face token", "HF_TOKEN = \"" + hf + "\"", hf);
    String anthropic = "sk-ant-api03-" + s(ALNUM + "_-", 93) + "AA";
    plant("ml/.env", "Anthropic key", "ANTHROPIC_API_KEY=" + anthropic, anthropic);
    String linear = "lin_api_" + s(ALNUM, 40);
    plant("tools/sync.js", "Linear key", "const LINEAR_API_KEY = \"" + linear + "\";", linear);
    String shopify = "shpat_" + s(HEX, 32);
    plant("shop/.env", "Shopify token", "SHOPIFY_ACCESS_TOKEN=" + shopify, shopify);
    String datadog = s(HEX, 32);
    plant("deploy/values.yaml", "Datadog API key", "datadog:\n  apiKey: " + datadog, datadog);
    String languagelayer = s(HEX, 32);
    plant(
        "i18n/detect.py",
        "languagelayer key",
        "LANGUAGELAYER_ACCESS_KEY = '" + languagelayer + "'",
        languagelayer);
    String sumoKey = s(ALNUM, 64);
    plant("ops/sumo.conf", "Sumo Logic access key", "sumo_access_key = " + sumoKey, sumoKey);
    String okta = "00" + s(ALNUM + "_-", 40);
    plant("auth/okta.yaml", "Okta API token", "okta:\n  api_token: " + okta, okta);
    String auth0 = s(ALNUM + "_-", 64);
    plant("auth/.env", "Auth0 client secret", "AUTH0_CLIENT_SECRET=" + auth0, auth0);
    String sonar = "squ_" + s(HEX, 40);
    plant(".github/workflows/ci.yml", "SonarQube token", "      SONAR_TOKEN: " + sonar, sonar);
    String jfrog = "AKCp" + s(ALNUM, 69);
    plant("build/gradle.properties", "JFrog API key", "artifactory_password=" + jfrog, jfrog);
    String nuget = "oy2" + s("abcdefghijklmnopqrstuvwxyz0123456789", 43);
    plant("build/publish.ps1", "NuGet key", "dotnet nuget push *.nupkg --api-key " + nuget, nuget);
    String heroku = uuid();
    plant("deploy/heroku.sh", "Heroku API key", "export HEROKU_API_KEY=" + heroku, heroku);
    String hubspot = "pat-na1-" + uuid();
    plant("crm/client.py", "HubSpot token", "HUBSPOT_TOKEN = \"" + hubspot + "\"", hubspot);
    String mailgun = "key-" + s(HEX, 32);
    plant("mailer/.env", "Mailgun key", "MAILGUN_API_KEY=" + mailgun, mailgun);
    String azureKey = s(B64, 86) + "==";
    plant(
        "infra/appsettings.json",
        "Azure storage key",
        "  \"Storage\": \"DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey="
            + azureKey
            + ";EndpointSuffix=core.windows.net\",",
        azureKey);
    String sentry = s(HEX, 64);
    plant("ops/.env", "Sentry auth token", "SENTRY_AUTH_TOKEN=sntryu_" + sentry, sentry);
    String doToken = "dop_v1_" + s(HEX, 64);
    plant(
        "infra/terraform.tfvars", "DigitalOcean token", "do_token = \"" + doToken + "\"", doToken);
    String tfc = s(ALNUM, 14) + ".atlasv1." + s(ALNUM, 67);
    plant("infra/.terraformrc", "Terraform Cloud token", "  token = \"" + tfc + "\"", tfc);
    String pem = "-----BEGIN RSA PRIVATE KEY-----\n" + pemBody() + "-----END RSA PRIVATE KEY-----";
    plant("deploy/keys/deploy_key.pem", "RSA private key", pem, pemBody.substring(0, 40));
    // --- planted: generic credentials in code and configuration
    String django =
        "django-insecure-" + s("abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)", 50);
    plant("app/settings.py", "Django SECRET_KEY", "SECRET_KEY = '" + django + "'", django);
    String goPass = s(ALNUM, 16);
    plant(
        "cmd/server/main.go",
        "MySQL password in Go DSN",
        "\tdsn := \"orders:" + goPass + "@tcp(mysql.internal:3306)/orders?parseTime=true\"",
        goPass);
    String pgPass = s(ALNUM, 20);
    plant(
        "docker-compose.yml",
        "PostgreSQL URL",
        "      DATABASE_URL: postgres://app:" + pgPass + "@db:5432/app",
        pgPass);
    String mongoPass = s(ALNUM, 18);
    plant(
        "worker/config.js",
        "MongoDB URL",
        "const MONGO = 'mongodb+srv://worker:" + mongoPass + "@cluster0.ab1cd.mongodb.net/jobs';",
        mongoPass);
    String jdbcPass = s(ALNUM, 16);
    plant(
        "src/main/resources/application.properties",
        "MySQL JDBC URL",
        "spring.datasource.url=jdbc:mysql://mysql.internal:3306/shop?user=shop&password="
            + jdbcPass,
        jdbcPass);
    String adoPass = s(ALNUM, 16);
    plant(
        "Api/appsettings.Production.json",
        "ADO.NET connection string",
        "    \"Default\": \"Server=tcp:sql.internal,1433;Database=orders;User ID=api;Password="
            + adoPass
            + ";Encrypt=true;\"",
        adoPass);
    String libpq = s(ALNUM, 16);
    plant(
        "etl/load.py",
        "libpq key=value DSN",
        "conn = psycopg2.connect(\"host=pg.internal dbname=etl user=etl password=" + libpq + "\")",
        libpq);
    String redisPass = s(ALNUM, 24);
    plant(
        "worker/.env",
        "Redis URL",
        "REDIS_URL=redis://:" + redisPass + "@cache.internal:6379/0",
        redisPass);
    String dockerAuth =
        Base64.getEncoder()
            .encodeToString(("ci:" + s(ALNUM, 20)).getBytes(StandardCharsets.US_ASCII));
    plant(
        ".docker/config.json",
        "Docker registry auth",
        "{\"auths\": {\"registry.acme.io\": {\"auth\": \"" + dockerAuth + "\"}}}",
        dockerAuth);
    String gitCredPass = s(ALNUM, 20);
    plant(
        ".git-credentials",
        "git credentials",
        "https://deploy:" + gitCredPass + "@git.acme.io",
        gitCredPass);
    String netrc = s(ALNUM, 18);
    plant(
        ".netrc", "netrc password", "machine api.acme.io\n  login ci\n  password " + netrc, netrc);
    String kube = s(ALNUM, 40);
    plant(
        "deploy/kubeconfig",
        "kubeconfig token",
        "users:\n- name: ci\n  user:\n    token: " + kube,
        kube);
    String maven = s(ALNUM, 20);
    plant(
        "build/settings.xml",
        "Maven settings.xml password",
        "<server><id>releases</id><username>ci</username><password>"
            + maven
            + "</password></server>",
        maven);
    String tfPass = s(ALNUM, 8) + "!" + s(ALNUM, 8);
    plant(
        "infra/prod.tfvars",
        "Terraform variable password",
        "db_password = \"" + tfPass + "\"",
        tfPass);
    String helm = s(ALNUM, 22);
    plant(
        "deploy/values.yaml",
        "Helm values password",
        "postgresql:\n  auth:\n    password: " + helm,
        helm);
    String apiKey = s(ALNUM, 32);
    plant("services/weather.py", "generic API key", "WEATHER_API_KEY = \"" + apiKey + "\"", apiKey);
    String ciSecret = s(ALNUM, 32);
    plant(".circleci/config.yml", "CI client secret", "      CLIENT_SECRET: " + ciSecret, ciSecret);
    String headerKey = withDigits(28);
    plant(
        "scripts/smoke.sh",
        "API key in a curl header",
        "curl -sS -H \"X-Api-Key: " + headerKey + "\" https://api.acme.io/v1/health",
        headerKey);
    String envDefault = withDigits(40);
    plant(
        "app/config.py",
        "secret as an environment default",
        "SIGNING_SECRET = os.environ.get(\"SIGNING_SECRET\", \"" + envDefault + "\")",
        envDefault);
    String mysqlCli = withDigits(16);
    plant(
        "ops/backup.sh",
        "MySQL client password",
        "mysqldump -h db.internal -u backup -p" + mysqlCli + " shop > shop.sql",
        mysqlCli);
    String jdbcArg = withDigits(18);
    plant(
        "src/main/java/acme/Db.java",
        "JDBC getConnection password",
        "    Connection c = DriverManager.getConnection(URL, \"shop\", \"" + jdbcArg + "\");",
        jdbcArg);
    String xmlToken = withDigits(32);
    plant(
        "web/config/app.xml",
        "token as XML element text",
        "  <webhookToken>\n    " + xmlToken + "\n  </webhookToken>",
        xmlToken);
    String wpSalt = s(ALNUM + "!@#$%^&*()-_[]{}<>~+=,.;:/?| ", 64).strip();
    plant(
        "wordpress/wp-config.php",
        "WordPress auth key",
        "define( 'AUTH_KEY', '" + wpSalt + "' );",
        wpSalt);
    String tfSecret = s(B64, 40);
    plant(
        "infra/main.tf",
        "AWS secret key in a Terraform provider block",
        "provider \"aws\" {\n  region     = \"eu-west-1\"\n  secret_key = \"" + tfSecret + "\"\n}",
        tfSecret);
    String nexus = "NpmToken." + uuid();
    plant(
        ".npmrc",
        "private registry token",
        "//npm.acme.io/repository/npm-private/:_authToken=" + nexus,
        nexus);
    String sqlalchemy = withDigits(20);
    plant(
        "etl/models.py",
        "SQLAlchemy URL",
        "engine = create_engine(\"mssql+pyodbc://etl:"
            + sqlalchemy
            + "@sql.internal/warehouse?driver=ODBC+Driver+18\")",
        sqlalchemy);
    String goToken = withDigits(30);
    plant(
        "cmd/notify/main.go",
        "token in a Go var",
        "var relayToken string = \"" + goToken + "\"",
        goToken);
    // --- planted: forms found by repositories written outside this project (stop 18)
    String twilioToken = s(HEX, 32);
    plant(
        "notify/sms.py",
        "Twilio auth token given with its SID",
        "from twilio.rest import Client\n\n_client = Client(\"AC"
            + s(HEX, 32)
            + "\", \""
            + twilioToken
            + "\")",
        twilioToken);
    String braintree = s(HEX, 32);
    plant(
        "billing/config/services.php",
        "Braintree private key",
        "'braintree' => [\n    'merchant_id' => '"
            + s(HEX, 16)
            + "',\n    'private_key' => '"
            + braintree
            + "',\n],",
        braintree);
    String sfToken = "Sf" + s(ALNUM, 22);
    plant(
        "etl/salesforce_sync.py",
        "Salesforce security token",
        "from simple_salesforce import Salesforce\n\nsf = Salesforce(username=SF_USER, password=SF_PASSWORD, security_token=\""
            + sfToken
            + "\")",
        sfToken);
    String s3aSecret = s(B64, 40);
    plant(
        "etl/spark-defaults.conf",
        "S3A secret key",
        "spark.hadoop.fs.s3a.access.key   AKIA"
            + s("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
            + "\nspark.hadoop.fs.s3a.secret.key   "
            + s3aSecret,
        s3aSecret);
    String adoPat = s("abcdefghijklmnopqrstuvwxyz234567", 52);
    plant(
        "ops/register-agent.ps1",
        "Azure DevOps PAT next to its organisation",
        "$OrgUrl = \"https://dev.azure.com/acme\"\n$Pat = \"" + adoPat + "\"",
        adoPat);
    String pgpass = withDigits(18);
    plant(".pgpass", "PostgreSQL password file", "pg.internal:5432:app:app:" + pgpass, pgpass);
    String masterKey = s(HEX, 32);
    files.put("config/master.key", new StringBuilder(masterKey));
    planted.add(masterKey);
    kinds.put(masterKey, "Rails master key in config/master.key");
    // --- planted and decoys: forms found by repositories written outside this project (stop 19)
    plantApplicationForms();
    plantEnterpriseForms();
    plantDeviceAndPlatformForms();
    plantAgencyAndOpsForms();
    plantIntegrationAndLegacyForms();
    decoyPublicByDesignValues();
    // worker/.env (planted above) is ignored by .gitignore but tracked: committed before the rule.
    add(".gitignore", ".env\n*.env");
    // --- history only
    String oldStripe = "sk_live_" + s(ALNUM, 24);
    plantHistoryOnly(
        "billing/old_keys.py", "Stripe live key", "STRIPE_KEY = '" + oldStripe + "'", oldStripe);
    String oldGh = crcToken("ghp_");
    plantHistoryOnly("scripts/old_release.sh", "GitHub PAT", "GH_TOKEN=" + oldGh, oldGh);
    String oldPg = s(ALNUM, 20);
    plantHistoryOnly(
        "config/old_database.yml",
        "PostgreSQL URL",
        "url: postgresql://svc:" + oldPg + "@pg-prod.internal:5432/main",
        oldPg);

    // --- decoys: published example and well-known development values
    decoy("docs/aws.md", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE");
    decoy("docs/aws.md", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    decoy(
        ".env.example",
        "AZURE_STORAGE=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey="
            + "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
            + "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;");
    decoy(
        "tests/test_cosmos.py",
        "COSMOS_KEY = \"C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==\"");
    decoy(
        "tests/test_auth.py",
        "TOKEN = \"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0"
            + "IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c\"");
    decoy(
        "billing/tests/test_charges.py", "STRIPE_KEY_EXAMPLE = 'sk_test_4eC39HqLyjWDarjtT1zdp7dc'");
    decoy("billing/tests/test_refunds.py", "STRIPE_FAKE_KEY = 'sk_test_BQokikJOvBiI2HlWgH4olfQ2'");
    // --- decoys: values named as stand-ins in tests
    decoy("cmd/server/main_test.go", "\tfakeToken := \"" + crcToken("ghp_") + "\"");
    decoy("web/src/__tests__/api.test.ts", "const DUMMY_KEY = 'sk_live_" + s(ALNUM, 24) + "';");
    decoy(
        "src/test/java/acme/SlackTest.java",
        "  static final String FAKE_SLACK = \"xoxb-"
            + d(12)
            + "-"
            + d(13)
            + "-"
            + s(ALNUM, 24)
            + "\";");
    decoy("tests/fixtures/settings.py", "EXAMPLE_SECRET_KEY = '" + s(ALNUM, 50) + "'");
    // --- decoys: placeholders and references
    decoy(".env.example", "STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx");
    decoy(".env.example", "DATABASE_URL=postgres://user:password@localhost:5432/app");
    decoy(".env.example", "GITHUB_TOKEN=<your-token>");
    decoy("deploy/values.yaml", "  password: \"{{ .Values.db.password }}\"");
    decoy(".github/workflows/ci.yml", "      NPM_TOKEN: ${{ secrets.NPM_TOKEN }}");
    decoy("app/settings.py", "DB_PASSWORD = os.environ[\"DB_PASSWORD\"]");
    decoy(
        "cmd/server/main.go", "\tdsn := fmt.Sprintf(\"%s:%s@tcp(%s)/%s\", user, pass, host, name)");
    decoy("docker-compose.yml", "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}");
    decoy("infra/variables.tf", "variable \"db_password\" {\n  sensitive = true\n}");
    decoy("README.md", "Set `OPENAI_API_KEY=sk-...` before running.");
    decoy("docs/setup.md", "export API_KEY=your_api_key_here");
    // --- decoys: high-entropy non-secrets
    for (int i = 0; i < 12; i++) {
      decoy("package-lock.json", "      \"integrity\": \"sha512-" + s(B64, 86) + "==\",");
      decoy("go.sum", "github.com/acme/lib" + i + " v1." + i + ".0 h1:" + s(B64, 43) + "=");
      decoy(
          "db/migrations/00" + i + "_seed.sql",
          "INSERT INTO orders (id, request_id) VALUES (" + i + ", '" + uuid() + "');");
      decoy(
          "web/src/assets.ts",
          "export const ICON_" + i + " = 'data:image/png;base64," + s(B64, 120) + "=';");
      decoy("CHANGELOG.md", "- fix retries (" + s(HEX, 40) + ")");
      decoy("checksums.txt", s(HEX, 64) + "  tokenscope-" + i + ".tar.gz");
    }
    decoy(
        "deploy/keys/deploy_key.pub",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + s(B64, 43) + " ci@acme");
    decoy("web/src/theme.css", ".brand { color: #" + s(HEX, 6) + "; }");
    decoy("app/settings.py", "CACHE_KEY_PREFIX = 'orders-v2'");
    decoy("services/weather.py", "WEATHER_API_URL = \"https://api.weather.invalid/v2/forecast\"");
    decoy("app/models.py", "password_reset_timeout = 3600");
    decoy("web/src/config.ts", "export const publicKey = 'pk_live_" + s(ALNUM, 24) + "';");
    // --- decoys: near misses of the generic forms
    decoy("web/App.config", "<PublicKeyToken>" + s(HEX, 16) + "</PublicKeyToken>");
    decoy("app/config.py", "LOG_LEVEL = os.environ.get(\"LOG_LEVEL\", \"warning\")");
    decoy("app/config.py", "SECRET_KEY = os.environ.get(\"SECRET_KEY\", \"dev\")");
    decoy(
        "ops/restore.sh",
        "mysql -h db.internal -u root -p\"$MYSQL_ROOT_PASSWORD\" shop < shop.sql");
    decoy(
        "scripts/smoke.sh",
        "curl -sS -H \"X-Request-Id: " + uuid() + "\" https://api.acme.io/v1/health");
    decoy("cmd/lister/main.go", "\tnextPageToken := \"" + s(ALNUM, 40) + "\"");
    decoy("build/checksums.yml", "checksum_key: " + s(HEX, 32));
    decoy("wordpress/wp-config-sample.php", "define( 'AUTH_KEY', 'put your unique phrase here' );");
    decoy("etl/client.py", "r = requests.get(url, auth=(user, password))");
    // --- decoys: near misses found by repositories written outside this project (stop 18)
    decoy(
        "app/fixtures/users.json",
        "\"password\": \"pbkdf2_sha256$720000$" + s(ALNUM, 22) + "$" + s(B64, 43) + "=\"");
    decoy(
        "spec/fixtures/users.yml", "  encrypted_password: \"$2b$12$" + s(ALNUM + "./", 53) + "\"");
    decoy(
        "web/src/lib/map.ts",
        "const MAPBOX_API_KEY = 'pk.eyJ1IjoiYWNtZS1tYXBzIiwiYSI6I"
            + s(ALNUM, 24)
            + "In0."
            + s(ALNUM, 22)
            + "';");
    decoy("web/.env.production", "NEXT_PUBLIC_ALGOLIA_SEARCH_KEY=" + s(HEX, 32));
    decoy("deploy/secret-db.yaml", "data:\n  DB_PASSWORD: Y2hhbmdlbWU=");
    decoy("scripts/backup.sh", ": \"${PGPASSWORD:?PGPASSWORD must be set (from the vault)}\"");
    decoy(
        "airflow/airflow.cfg",
        "sql_alchemy_conn = postgresql+psycopg2://airflow:%(AIRFLOW_DB_PASSWORD)s@meta.internal/airflow");
    decoy("cmd/geo/config.go", "\tc.JWTSigningKey = c.JWT.SigningKey");
    decoy("web/src/lib/supabase.ts", "const supabaseAnonKey = \"" + supabaseAnon() + "\";");
    decoy(
        "mobile/android/app/google-services.json",
        "\"api_key\": [{\"current_key\": \"AIza" + s(ALNUM + "_-", 35) + "\"}]");
  }

  /** Forms from the application and infrastructure monorepos (stop 19): frameworks, SQL, config. */
  private void plantApplicationForms() {
    String phoenixBase = withDigits(64);
    plant(
        "notify_ex/config/prod.exs",
        "Phoenix secret_key_base",
        "config :notify_ex, NotifyExWeb.Endpoint,\n  url: [host: \"notify.acme.io\", port: 443],\n"
            + "  secret_key_base: \""
            + phoenixBase
            + "\"",
        phoenixBase);
    String ectoPassword = withDigits(22);
    plant(
        "notify_ex/config/runtime.exs",
        "Ecto database URL",
        "  database_url =\n    System.get_env(\"DATABASE_URL\") ||\n      \"ecto://notify:"
            + ectoPassword
            + "@pg-notify.internal/notify_prod\"",
        ectoPassword);
    String rolePassword = withDigits(24);
    plant(
        "db/migrations/0004_reporting_role.sql",
        "PostgreSQL role password",
        "-- read-only role for Metabase\nCREATE ROLE reporting_ro LOGIN PASSWORD '"
            + rolePassword
            + "';\nGRANT CONNECT ON DATABASE app TO reporting_ro;",
        rolePassword);
    String mysqlUser = withDigits(20);
    plant(
        "db/init/01-users.sql",
        "MySQL user password",
        "CREATE USER 'shop'@'%' IDENTIFIED BY '" + mysqlUser + "';",
        mysqlUser);
    String sshPass = withDigits(16);
    plant(
        "ansible/inventory/prod.ini",
        "Ansible SSH password",
        "[legacy_sftp]\nsftp-01 ansible_host=10.40.8.77 ansible_user=svc_ansible ansible_ssh_pass="
            + sshPass
            + " ansible_port=2222",
        sshPass);
    String statsPassword = withDigits(18);
    plant(
        "haproxy/haproxy.cfg",
        "HAProxy stats password",
        "listen stats\n    bind :8404\n    stats enable\n    stats auth admin:" + statsPassword,
        statsPassword);
    String basic =
        java.util.Base64.getEncoder()
            .encodeToString(
                ("report-proxy:" + withDigits(20))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    plant(
        "nginx/sites-available/reports.conf",
        "Basic authorization header",
        "    location / {\n        proxy_pass http://reports:8080;\n"
            + "        proxy_set_header Authorization \"Basic "
            + basic
            + "\";\n    }",
        basic);
    String generated = withDigits(24) + "!#(";
    String smtp = "B" + s(B64, 43);
    plant(
        "terraform/prod/terraform.tfstate",
        "Terraform random_password",
        "    {\n      \"mode\": \"managed\",\n      \"type\": \"random_password\",\n      \"name\": \"db\",\n"
            + "      \"instances\": [\n        {\n          \"attributes\": {\n            \"length\": 27,\n"
            + "            \"result\": \""
            + generated
            + "\",\n            \"special\": true\n          }\n        }\n      ]\n    },",
        generated);
    plant(
        "terraform/prod/terraform.tfstate",
        "Amazon SES SMTP password",
        "            \"ses_smtp_password_v4\": \"" + smtp + "\",",
        smtp);
    String ldKey = "sdk-" + uuid();
    plant(
        "inventory/src/main/kotlin/FeatureFlags.kt",
        "LaunchDarkly SDK key",
        "        return LDClient(\"" + ldKey + "\", config)",
        ldKey);
    // A Segment write key is public by Segment's own account (it is in every page that loads
    // analytics.js): a decoy, reported as information at most. PostHog's personal API key beside it
    // reads and writes the project's data: a secret.
    decoy(
        "web/src/lib/analytics.ts",
        "export const segment = new Analytics({ writeKey: \""
            + withDigits(32)
            + "\", flushAt: 20 });");
    String posthog = "phx_" + s(ALNUM, 43);
    plant(
        "web/src/lib/analytics.ts",
        "PostHog personal API key",
        "const POSTHOG_PERSONAL_API_KEY = \"" + posthog + "\"; // insights export",
        posthog);
    String gaSecret = s(HEX, 40);
    plant(
        "game/Assets/Scripts/AnalyticsBootstrap.cs",
        "GameAnalytics secret key",
        "            GameAnalytics.Initialize(GameKey, \"" + gaSecret + "\");",
        gaSecret);
    String jwtSecret = s(HEX, 64);
    plant(
        "api/app/settings.py",
        "JWT secret as a pydantic settings default",
        "class Settings(BaseSettings):\n    jwt_secret: str = \"" + jwtSecret + "\"",
        jwtSecret);
    String pscale = "pscale_pw_" + withDigits(32) + "XxxX" + s(ALNUM, 7);
    plant(
        "web/.env.development",
        "PlanetScale URL (mixed-case x run)",
        "DATABASE_URL=mysql://" + s(HEX, 12) + ":" + pscale + "@aws.connect.psdb.cloud/app",
        pscale);
  }

  /** Forms from the enterprise estate (stop 19): Windows, Java EE, .NET, PHP, Perl, LDAP, mail. */
  private void plantEnterpriseForms() {
    String secure = withDigits(14) + "*%+";
    plant(
        "ops/Deploy.psm1",
        "PowerShell ConvertTo-SecureString",
        "    $secure = ConvertTo-SecureString \"" + secure + "\" -AsPlainText -Force",
        secure);
    String runAs = withDigits(16);
    plant(
        "ops/register_task.cmd",
        "schtasks run-as password",
        "schtasks /Create /TN \"Ops\\Backup\" /TR \"C:\\ops\\backup.cmd\" /SC DAILY /RU CORP\\svc_backup /RP "
            + runAs
            + " /F",
        runAs);
    String netUse = withDigits(15) + "#";
    plant(
        "ops/map_drives.bat",
        "net use password",
        "net use S: \\\\fs01.corp.acme.local\\billing$ /user:CORP\\svc_copy "
            + netUse
            + " /persistent:no",
        netUse);
    String sqlcmd = withDigits(16);
    plant(
        "ops/backup_sql.cmd",
        "sqlcmd password",
        "sqlcmd -S sql01.corp.acme.local -U backup_operator -P "
            + sqlcmd
            + " -Q \"BACKUP DATABASE [Billing] TO DISK = N'b.bak'\"",
        sqlcmd);
    String validationKey = s("0123456789ABCDEF", 128);
    plant(
        "billing/Web.config",
        "ASP.NET machineKey",
        "    <machineKey validationKey=\"" + validationKey + "\" validation=\"HMACSHA256\" />",
        validationKey);
    String bindPassword = withDigits(16) + "=#";
    plant(
        "ops/ldap/sssd.conf",
        "SSSD LDAP bind password",
        "ldap_default_authtok_type = password\nldap_default_authtok = " + bindPassword,
        bindPassword);
    String relay = withDigits(17) + "^";
    plant(
        "ops/postfix/sasl_passwd",
        "Postfix SASL relay password",
        "[smtp.office365.com]:587    relay@acme.io:" + relay,
        relay);
    decoy("ops/postfix/main.cf", "smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd");
    String keystore = withDigits(14) + "!";
    plant(
        "portal/conf/server.xml",
        "Tomcat keystore password",
        "    <Connector port=\"8443\" SSLEnabled=\"true\"\n               keystoreFile=\"conf/portal.jks\" keystorePass=\""
            + keystore
            + "\" />",
        keystore);
    String jpa = withDigits(16) + "@";
    plant(
        "portal/src/main/resources/META-INF/persistence.xml",
        "JPA persistence-unit password",
        "      <property name=\"javax.persistence.jdbc.password\" value=\"" + jpa + "\"/>",
        jpa);
    String hec = uuid().toUpperCase(java.util.Locale.ROOT);
    plant(
        "portal/src/main/resources/log4j2.xml",
        "Splunk HEC token",
        "      <Property name=\"Authorization\" value=\"Splunk " + hec + "\"/>",
        hec);
    String blowfish = withDigits(32);
    plant(
        "php/phpmyadmin/config.inc.php",
        "phpMyAdmin blowfish_secret",
        "$cfg['blowfish_secret'] = '" + blowfish + "';",
        blowfish);
    String controlpass = withDigits(16);
    plant(
        "php/phpmyadmin/config.inc.php",
        "phpMyAdmin control user password",
        "$cfg['Servers'][$i]['controlpass'] = '" + controlpass + "';",
        controlpass);
    String dbi = withDigits(16) + "#";
    plant(
        "ops/cron/nightly_export.pl",
        "Perl DBI password",
        "my $dbh = DBI->connect(\"dbi:Oracle:host=ora01.corp.acme.local;sid=FIN\",\n                       \"export_batch\", \""
            + dbi
            + "\",\n                       { RaiseError => 1 })",
        dbi);
    String ftp = withDigits(14) + "!";
    plant(
        "ops/cron/nightly_export.pl",
        "Net::FTP login password",
        "$ftp->login(\"acme\", \"" + ftp + "\") or die \"login failed\";",
        ftp);
    String sshpass = withDigits(16) + "*";
    plant(
        "ops/cron/sync_sftp.sh",
        "sshpass password",
        "export SSHPASS='" + sshpass + "'\nsshpass -e sftp -b - edi@sftp.partner.example",
        sshpass);
    String sqlplus = withDigits(14);
    plant(
        "ops/cron/sync_sftp.sh",
        "SQL*Plus logon",
        "sqlplus -s \"edi_batch/" + sqlplus + "@FINPRD\" @/opt/edi/sql/post_load.sql",
        sqlplus);
  }

  /** Forms from the hardware and the platform repositories (stop 19): firmware, mobile, data. */
  private void plantDeviceAndPlatformForms() {
    String mqtt = withDigits(20);
    plant(
        "firmware/include/secrets.h",
        "MQTT password in a C define",
        "#define MQTT_USERNAME \"node-bench\"\n#define MQTT_PASSWORD \"" + mqtt + "\"",
        mqtt);
    String ota = withDigits(16);
    plant(
        "firmware/platformio.ini",
        "PlatformIO OTA password",
        "upload_protocol = espota\nupload_flags =\n    --port=3232\n    --auth=" + ota,
        ota);
    String psk = s(HEX, 64);
    plant(
        "gateway/etc/wpa_supplicant.conf",
        "Wi-Fi PSK",
        "network={\n    ssid=\"Acme-Warehouse\"\n    psk=" + psk + "\n    key_mgmt=WPA-PSK\n}",
        psk);
    String bridge = withDigits(26);
    plant(
        "gateway/etc/mosquitto/bridge.conf",
        "Mosquitto bridge password",
        "connection cloud\naddress mqtt.acme.io:8883\nremote_username gw-01\nremote_password "
            + bridge,
        bridge);
    String haSmtp = s("abcdefghijklmnopqrstuvwxyz", 16);
    plant(
        "homeassistant/secrets.yaml",
        "Home Assistant secret",
        "smtp_username: alerts@acme.io\nsmtp_password: " + haSmtp,
        haSmtp);
    String keyPassword = s(ALNUM, 8) + "_" + s(ALNUM, 7);
    plant(
        "mobile/android/key.properties",
        "Android key password",
        "keyPassword=" + keyPassword + "\nkeyAlias=upload\nstoreFile=../upload.jks",
        keyPassword);
    String match = "basil-orbit-" + withDigits(10);
    plant(
        "mobile/ios/fastlane/Matchfile",
        "fastlane match password",
        "git_url(\"git@github.com:acme/certs.git\")\nENV[\"MATCH_PASSWORD\"] ||= \"" + match + "\"",
        match);
    String hubKey = s(B64, 43) + "=";
    plant(
        "cloud/functions/local.settings.json",
        "IoT Hub connection string",
        "    \"IoTHubConnectionString\": \"HostName=acme-prod.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey="
            + hubKey
            + "\",",
        hubKey);
    String gossip = s(B64, 43) + "=";
    plant("hashicorp/consul.hcl", "Consul gossip key", "encrypt = \"" + gossip + "\"", gossip);
    String kcSecret = s(ALNUM + "_-", 86);
    plant(
        "keycloak/realm.json",
        "Keycloak realm HMAC key",
        "          \"secret\": [\n            \"" + kcSecret + "\"\n          ],",
        kcSecret);
    String jenkins = "11" + s(HEX, 32);
    plant(
        "ci/jenkins/credentials.xml",
        "Jenkins API token in credentials.xml",
        "          <id>legacy-trigger</id>\n          <secret>" + jenkins + "</secret>",
        jenkins);
    String hive = withDigits(24);
    plant(
        "data/hive/hive-site.xml",
        "Hive metastore password",
        "  <property>\n    <name>javax.jdo.option.ConnectionPassword</name>\n    <value>"
            + hive
            + "</value>\n  </property>",
        hive);
    String lakeKey = s(B64, 86) + "==";
    plant(
        "data/spark/spark-defaults.conf",
        "Azure storage key in a Spark setting",
        "spark.hadoop.fs.azure.account.key.lakeprod.dfs.core.windows.net  " + lakeKey,
        lakeKey);
    String kaggle = s(HEX, 32);
    plant(
        "ml/kaggle.json",
        "Kaggle API key",
        "{\"username\": \"acmeml\", \"key\": \"" + kaggle + "\"}",
        kaggle);
    String cloudAuth = withDigits(24);
    plant(
        "helm/filebeat/values.yaml",
        "Elastic Cloud auth",
        "      cloud.auth: \"elastic:" + cloudAuth + "\"",
        cloudAuth);
    String nexusPassword = withDigits(14) + "-q8";
    plant(
        "helm/nexus/values.yaml",
        "Secret in a container's env list",
        "  env:\n    - name: NEXUS_SECURITY_INITIAL_PASSWORD\n      value: \""
            + nexusPassword
            + "\"",
        nexusPassword);
  }

  /**
   * Forms from the telecom, security-tooling, legacy logistics, data-science and homelab
   * repositories (stop 22): a notebook's code lines inside JSON strings, webhook URLs, calls that
   * take a user and a password, deployment parameter files and secret-store resources; and their
   * decoys: Key Vault references, password verifiers, shipped defaults and key ids.
   */
  private void plantIntegrationAndLegacyForms() {
    String vtKey = s(HEX, 64);
    plant(
        "notebooks/triage.ipynb",
        "API key in a notebook cell",
        "    \"VT_KEY = \\\"" + vtKey + "\\\"\\n\",",
        vtKey);
    String zapier = d(8) + "/" + s("abcdefghijklmnopqrstuvwxyz0123456789", 7);
    plant(
        "scripts/zap.sh",
        "Zapier catch hook",
        "HOOK=\"https://hooks.zapier.com/hooks/catch/" + zapier + "/\"",
        zapier);
    String cookie = s("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 56);
    plant("rel/vm.args.eex", "Erlang cookie", "-setcookie " + cookie, cookie);
    String rabbit = withDigits(24);
    plant(
        "infra/rabbitmq/rabbitmq.conf",
        "RabbitMQ default_pass",
        "default_pass = " + rabbit,
        rabbit);
    String soap = withDigits(16) + "=";
    plant(
        "legacy/php/soap.php",
        "SOAP client credentials",
        "    $client->setCredentials('RATING_SVC', '" + soap + "');",
        soap);
    String perl = withDigits(20);
    plant("legacy/perl/lib/DB.pm", "Perl DBI hash entry", "        pass => '" + perl + "',", perl);
    String arm = s(HEX, 32);
    plant(
        "infra/arm/twilio.parameters.json",
        "ARM parameter value",
        "    \"twilioAuthToken\": {\n      \"value\": \"" + arm + "\"\n    },",
        arm);
    String vault = withDigits(40);
    plant(
        "infra/terraform/keyvault.tf",
        "Terraform Key Vault secret",
        "resource \"azurerm_key_vault_secret\" \"partner\" {\n  name  = \"partner-key\"\n  value = \""
            + vault
            + "\"\n}",
        vault);
    String druid = withDigits(24);
    plant(
        "conf/druid/common.runtime.properties",
        "Java property with a long name",
        "druid.metadata.storage.connector.password=" + druid,
        druid);
    String rtsp = withDigits(14);
    plant(
        "homelab/frigate.yml",
        "RTSP camera password",
        "      - rtsp://viewer:" + rtsp + "@10.0.30.21:554/stream1",
        rtsp);
    String session = s(B64, 86) + "==";
    plant("home/.bashrc", "Bitwarden session", "export BW_SESSION=\"" + session + "\"", session);
    decoy(
        "infra/appservice/appsettings.json",
        "    { \"name\": \"DbPassword\", \"value\": \"@Microsoft.KeyVault(SecretUri=https://kv-acme.vault.azure.net/secrets/db/)\" },");
    decoy("sql/roles.sql", "CREATE ROLE looker_ro LOGIN PASSWORD 'md5" + s(HEX, 32) + "';");
    decoy("monitoring/grafana.ini", "secret_key = SW2YcwTIb9zpOOhoPsMm");
    decoy("home/.gitconfig", "    signingkey = " + s("0123456789ABCDEF", 16));
    decoy(
        "services/mail/settings.py",
        "    \"public_validation_key\": \"pubkey-" + s(HEX, 32) + "\",");
    decoy(
        "web/src/payments.ts",
        "export const TOKENIZATION_KEY = 'production_"
            + s("abcdefghijklmnopqrstuvwxyz0123456789", 8)
            + "_"
            + s("abcdefghijklmnopqrstuvwxyz0123456789", 16)
            + "';");
    decoy("signing/gon.hcl", "  password = \"@env:AC_PASSWORD\"");
  }

  /** Forms from the web agency's and the configuration-management repositories (stop 19). */
  private void plantAgencyAndOpsForms() {
    String dbpass = withDigits(14) + "!";
    plant(
        "sites/bakery/wp-cli.yml",
        "WP-CLI dbpass",
        "config create:\n  dbname: bakery_wp\n  dbuser: bakery\n  dbpass: " + dbpass,
        dbpass);
    String hashSalt = s(ALNUM + "_-", 74);
    plant(
        "sites/utility/settings.php",
        "Drupal hash_salt",
        "$settings['hash_salt'] = '" + hashSalt + "';",
        hashSalt);
    String crypt = s(HEX, 32);
    plant(
        "sites/outdoor/app/etc/env.php",
        "Magento crypt key",
        "    'crypt' => [\n        'key' => '" + crypt + "'\n    ],",
        crypt);
    String hmac = s("0123456789ABCDEF", 64);
    plant(
        "sites/outdoor/app/etc/env.php",
        "Adyen HMAC key by its name",
        "                    'notification_hmac_key_live' => '" + hmac + "'",
        hmac);
    String filezillaPassword = withDigits(14);
    String filezilla =
        java.util.Base64.getEncoder()
            .encodeToString(filezillaPassword.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    decodedForms.put(filezilla, filezillaPassword);
    plant(
        "deploy/filezilla/sitemanager.xml",
        "FileZilla stored password",
        "        <User>bakery</User>\n        <Pass encoding=\"base64\">" + filezilla + "</Pass>",
        filezilla);
    String chef = withDigits(22);
    plant(
        "chef/cookbooks/base/attributes/default.rb",
        "Chef attribute password",
        "default['app']['db']['password']         = '" + chef + "'",
        chef);
    String chpasswd = withDigits(12) + "%";
    plant(
        "cloud-init/runner-user-data.yaml",
        "cloud-init chpasswd password",
        "#cloud-config\nchpasswd:\n  list: |\n    ubuntu:" + chpasswd + "\n  expire: False",
        chpasswd);
    String secretId = uuid();
    plant(
        "salt/pillar/vault.sls",
        "Vault AppRole secret_id",
        "vault:\n  auth:\n    method: approle\n    role_id: edge-minion\n    secret_id: "
            + secretId,
        secretId);
    String storepass = withDigits(16);
    plant(
        "signing/java/jsign.properties",
        "jsign storepass",
        "storetype=PKCS12\nalias=codesign\nstorepass=" + storepass,
        storepass);
    String pfx = withDigits(18);
    plant(
        "signing/windows/sign.cmd",
        "signtool PFX password",
        "%SIGNTOOL% sign /f \"%PFX%\" /p " + pfx + " /fd SHA256 %1",
        pfx);
    decoy(
        ".github/workflows/ci.yml",
        "  sonar:\n    runs-on: ubuntu-22.04\n    steps:\n      - uses: actions/checkout@"
            + s(HEX, 40));
    decoy(
        ".teamcity/settings.kts",
        "        password(\"env.NEXUS_PASSWORD\", \"credentialsJSON:" + uuid() + "\")");
    decoy(
        "sites/bakery/page-contact.php",
        "<script src=\"https://maps.googleapis.com/maps/api/js?key=AIza"
            + s(ALNUM + "_-", 35)
            + "&callback=initMap\" async defer></script>");
    decoy("sites/shop/.env", "PUSHER_APP_KEY=" + s(HEX, 20));
    decoy("sites/law/.env.production", "NEXT_PUBLIC_NR_BROWSER_KEY=NRJS-" + s(HEX, 19));
  }

  /** Values public by design, hashes and references the outside repositories held (stop 19). */
  private void decoyPublicByDesignValues() {
    decoy(
        "mobile/lib/env.dart", "  static const revenueCatAppleKey = 'appl_" + s(ALNUM, 27) + "';");
    decoy(
        "mobile/lib/firebase_options.dart",
        "  static const FirebaseOptions web = FirebaseOptions(\n    apiKey: 'AIza"
            + s(ALNUM + "_-", 35)
            + "',");
    decoy("firmware/include/secrets.h", "#define SECRET_SSID \"Acme-Lab-5G\"");
    decoy("firmware/include/config.h", "#define MAX_PASSWORD_LEN 64");
    decoy(
        "backend/test/fixtures/integrations.json",
        "  \"aws\": { \"accessKeyId\": \"AKIA"
            + "FAKE".repeat(4)
            + "\", \"region\": \"eu-west-1\" },");
    decoy(
        "secrets/sealed/harbor.yaml",
        "  encryptedData:\n    REGISTRY_STORAGE_S3_SECRETKEY: AgB" + s(B64, 700));
    decoy("terraform/providers.tf", "  password = var.snowflake_password");
    decoy("mobile/android/app/build.gradle", "            storePassword 'android'");
    decoy(
        "web/.env",
        "NEXT_PUBLIC_FIREBASE_PROJECT_ID=acme-prod\nNEXT_PUBLIC_RECAPTCHA_SITE_KEY=6L"
            + s(ALNUM, 38));
    decoy("web/.env", "NEXT_PUBLIC_POSTHOG_KEY=phc_" + s(ALNUM, 43));
    decoy(
        "extension/manifest.json",
        "  \"key\": \"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" + s(B64, 300) + "IDAQAB\",");
    String viewer = pick("readonly", "reporter", "viewer");
    decoy(
        "mcp/claude_desktop_config.json",
        "      \"args\": [\"-y\", \"@modelcontextprotocol/server-postgres\", \"postgresql://"
            + viewer
            + ":"
            + viewer
            + "@localhost:5432/acme\"]");
    decoy(
        "billing/Web.Release.config",
        "    <add name=\"Billing\" connectionString=\"Server=sql01;Database=Billing;User Id=billing;Password=#{BillingDbPassword}#;\" />");
    decoy("portal/conf/context.xml.template", "    password=\"@@PASSWORD@@\" username=\"portal\"");
    decoy(
        "portal/conf/tomcat-users.xml",
        "  <user username=\"admin\" password=\""
            + s(HEX, 32)
            + "$1000$"
            + s(HEX, 64)
            + "\" roles=\"manager-gui\"/>");
    decoy(
        "db/seeds/dev_seed.sql",
        "INSERT INTO users (id, email, password_hash) VALUES ('"
            + uuid()
            + "', 'dev@acme.io', '$2b$12$"
            + s(ALNUM + "./", 53)
            + "');");
    decoy("web/src/lib/analytics.ts", "const AMPLITUDE_API_KEY = \"" + s(HEX, 32) + "\";");
    decoy(
        "web/next.config.js",
        "    NEXT_PUBLIC_GOOGLE_MAPS_KEY: \"AIza" + s(ALNUM + "_-", 35) + "\",");
    decoy("deploy/.env.production", "TWILIO_ACCOUNT_SID=AC" + s(HEX, 32));
    decoy(
        "web/sentry.client.config.ts",
        "  dsn: \"https://"
            + s(HEX, 32)
            + "@o"
            + s("0123456789", 7)
            + ".ingest.us.sentry.io/4506120011\",");
    decoy("ansible/group_vars/all.yml", "ansible_become_password: \"{{ vault_become_password }}\"");
    decoy(
        "haproxy/haproxy.cfg", "    user deploy password $6$" + s(ALNUM, 16) + "$" + s(ALNUM, 86));
  }

  /** A Supabase anon key: a JWT whose claims say role anon, public by Supabase's design. */
  private String supabaseAnon() {
    java.util.Base64.Encoder url = java.util.Base64.getUrlEncoder().withoutPadding();
    String claims =
        "{\"iss\":\"supabase\",\"ref\":\""
            + s("abcdefghijklmnopqrstuvwxyz", 20)
            + "\",\"role\":\"anon\"}";
    return "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
        + url.encodeToString(claims.getBytes(StandardCharsets.US_ASCII))
        + "."
        + s(ALNUM, 43);
  }

  private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private String pemBody;

  private String pemBody() {
    if (pemBody == null) {
      StringBuilder b = new StringBuilder("MIIEowIBAAKCAQEA");
      b.append(s(B64, 48)).append('\n');
      for (int i = 0; i < 20; i++) {
        b.append(s(B64, 64)).append('\n');
      }
      pemBody = b.toString();
    }
    return pemBody;
  }

  private String crcToken(String prefix) {
    return Corpus.withCrc32(prefix, s(ALNUM, 30));
  }

  private String uuid() {
    String h = s(HEX, 32);
    return h.substring(0, 8)
        + "-"
        + h.substring(8, 12)
        + "-4"
        + h.substring(13, 16)
        + "-a"
        + h.substring(17, 20)
        + "-"
        + h.substring(20);
  }

  /** A random value of letters and digits that holds at least two digits. */
  private String withDigits(int n) {
    return s(ALNUM, n - 2) + d(2);
  }

  private String d(int n) {
    return s("0123456789", n);
  }

  private String s(String alphabet, int n) {
    while (true) {
      StringBuilder b = new StringBuilder(n);
      for (int i = 0; i < n; i++) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String v = b.toString();
      // Keep planted values clear of the placeholder filter's runs (aaaaaa, 123456…).
      if (!v.matches(".*(.)\\1{4,}.*") && !v.toLowerCase().contains("example")) {
        return v;
      }
    }
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }
}
