package dev.tokenscope.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One fake credential per provider, written the ways real files write it: a {@code .env} line, a
 * shell export, YAML (flat and nested), JSON (inline and pretty-printed), Python, JavaScript, Go,
 * Java, a command-line flag, a URL query, XML, a properties file, Terraform, and a Kubernetes env
 * list. A rule that finds its own examples but misses the same value one line lower, or in
 * camelCase, loses real leaks; this table shows where.
 *
 * <p>The values are the secrets each rule finds in its own first example, so every one is a
 * well-formed fake with the right prefix, length and checksum. The variable names are the ones the
 * providers' own docs and SDKs read (noted per entry where they are less obvious).
 */
class ContextFormsTest {
  private static final Detector DETECTOR = Detector.of(RuleSet.bundled());
  private static final Map<String, Rule> RULES = new LinkedHashMap<>();

  static {
    for (Rule rule : RuleSet.bundled().rules()) {
      RULES.put(rule.id(), rule);
    }
  }

  /** What a value is, which decides the forms it is written in. */
  enum Kind {
    /** A single opaque token: every form applies. */
    TOKEN,
    /** A URI or connection string carrying its own secret: it is the value, never a query. */
    URI,
    /** A multi-line PEM block. */
    PEM
  }

  /**
   * A provider's credential in the table.
   *
   * @param ruleId the rule expected to find it
   * @param variable the conventional environment variable, upper snake case; its first word is the
   *     section a nested config puts the rest under
   * @param kind what the value is
   * @param section the name a nested config or a URL host uses for the provider, when it is not the
   *     variable's first word ({@code datadog} for {@code DD_API_KEY})
   */
  record Entry(String ruleId, String variable, Kind kind, String section) {
    static Entry token(String ruleId, String variable) {
      return new Entry(ruleId, variable, Kind.TOKEN, null);
    }

    static Entry uri(String ruleId, String variable) {
      return new Entry(ruleId, variable, Kind.URI, null);
    }

    static Entry pem(String ruleId, String variable) {
      return new Entry(ruleId, variable, Kind.PEM, null);
    }

    Entry under(String name) {
      return new Entry(ruleId, variable, kind, name);
    }

    @Override
    public String section() {
      return section != null ? section : words().get(0);
    }

    List<String> words() {
      return List.of(variable.toLowerCase(Locale.ROOT).split("_"));
    }

    List<String> leafWords() {
      List<String> w = words();
      return w.size() > 1 ? w.subList(1, w.size()) : w;
    }
  }

  static final List<Entry> ENTRIES =
      List.of(
          // The providers the hidden benchmark found weakest (issue 18).
          Entry.token("languagelayer.access-key", "LANGUAGELAYER_ACCESS_KEY"),
          Entry.token("nimble.api-token", "NIMBLE_API_TOKEN"),
          Entry.token("sumologic.access-id", "SUMO_ACCESS_ID").under("sumologic"),
          Entry.token("sumologic.access-key", "SUMO_ACCESS_KEY"),
          Entry.token("sourcegraph.access-token", "SRC_ACCESS_TOKEN"),
          Entry.token("sourcegraph.legacy-access-token", "SOURCEGRAPH_TOKEN"),
          Entry.token("kubernetes.bootstrap-token", "KUBEADM_TOKEN"),
          Entry.token("truenas.api-key", "TRUENAS_API_KEY"),
          Entry.token("nuget.api-key", "NUGET_API_KEY"),
          Entry.token("sonarqube.token", "SONAR_TOKEN"),
          Entry.token("sonarqube.legacy-token", "SONAR_LOGIN"),
          Entry.token("blynk.auth-token", "BLYNK_AUTH_TOKEN"),
          Entry.token("jfrog.api-key", "ARTIFACTORY_API_KEY"),
          Entry.token("jfrog.reference-token", "JFROG_ACCESS_TOKEN"),
          Entry.token("jfrog.identity-token", "ARTIFACTORY_IDENTITY_TOKEN"),
          Entry.token("okta.api-token", "OKTA_API_TOKEN"),
          Entry.token("okta.client-secret", "OKTA_CLIENT_SECRET"),
          Entry.token("auth0.client-secret", "AUTH0_CLIENT_SECRET"),
          Entry.token("auth0.client-id", "AUTH0_CLIENT_ID"),
          Entry.uri("postgresql.connection-string", "DATABASE_URL"),
          // The most leaked.
          Entry.token("aws.access-key-id", "AWS_ACCESS_KEY_ID"),
          Entry.token("aws.secret-access-key", "AWS_SECRET_ACCESS_KEY"),
          Entry.token("github.personal-access-token", "GITHUB_TOKEN"),
          Entry.token("github.fine-grained-token", "GH_TOKEN"),
          Entry.token("gitlab.personal-access-token", "GITLAB_TOKEN"),
          Entry.token("slack.bot-token", "SLACK_BOT_TOKEN"),
          Entry.uri("slack.webhook-url", "SLACK_WEBHOOK_URL"),
          Entry.token("stripe.live-secret-key", "STRIPE_SECRET_KEY"),
          Entry.token("openai.project-key", "OPENAI_API_KEY"),
          Entry.token("anthropic.api-key", "ANTHROPIC_API_KEY"),
          Entry.token("gcp.api-key", "GOOGLE_API_KEY"),
          Entry.token("azure.storage-account-key", "AZURE_STORAGE_KEY"),
          Entry.uri("azure.storage-connection-string", "AZURE_STORAGE_CONNECTION_STRING"),
          Entry.token("azure.sas-token", "AZURE_STORAGE_SAS_TOKEN"),
          Entry.token("twilio.auth-token", "TWILIO_AUTH_TOKEN"),
          Entry.token("twilio.api-key-sid", "TWILIO_API_KEY"),
          Entry.token("sendgrid.api-key", "SENDGRID_API_KEY"),
          Entry.token("mailgun.api-key", "MAILGUN_API_KEY"),
          Entry.token("mailchimp.api-key", "MAILCHIMP_API_KEY"),
          Entry.token("npm.access-token", "NPM_TOKEN"),
          Entry.token("pypi.api-token", "PYPI_API_TOKEN"),
          Entry.token("dockerhub.personal-access-token", "DOCKERHUB_TOKEN"),
          Entry.token("heroku.api-key", "HEROKU_API_KEY"),
          Entry.token("digitalocean.personal-access-token", "DIGITALOCEAN_ACCESS_TOKEN"),
          Entry.token("datadog.api-key", "DD_API_KEY").under("datadog"),
          Entry.token("datadog.application-key", "DD_APP_KEY").under("datadog"),
          Entry.token("newrelic.user-api-key", "NEW_RELIC_API_KEY"),
          Entry.token("newrelic.license-key", "NEW_RELIC_LICENSE_KEY"),
          Entry.token("sentry.user-token", "SENTRY_AUTH_TOKEN"),
          Entry.token("sentry.org-token", "SENTRY_ORG_TOKEN"),
          Entry.token("shopify.access-token", "SHOPIFY_ACCESS_TOKEN"),
          Entry.token("square.access-token", "SQUARE_ACCESS_TOKEN"),
          Entry.token("paypal.client-secret", "PAYPAL_CLIENT_SECRET"),
          Entry.token("braintree.access-token", "BRAINTREE_ACCESS_TOKEN"),
          Entry.token("vault.service-token", "VAULT_TOKEN"),
          Entry.token("terraform.cloud-token", "TFE_TOKEN"),
          Entry.uri("mysql.connection-string", "MYSQL_URL"),
          Entry.uri("mongodb.connection-string", "MONGODB_URI"),
          Entry.uri("redis.connection-string", "REDIS_URL"),
          Entry.uri("postgresql.jdbc-url", "JDBC_DATABASE_URL"),
          Entry.pem("private-key.rsa", "PRIVATE_KEY"),
          Entry.pem("private-key.openssh", "SSH_PRIVATE_KEY"),
          Entry.token("jwt.token", "ID_TOKEN"),
          Entry.token("telegram.bot-token", "TELEGRAM_BOT_TOKEN"),
          Entry.token("discord.bot-token", "DISCORD_BOT_TOKEN"),
          Entry.uri("discord.webhook-url", "DISCORD_WEBHOOK_URL"),
          Entry.token("linear.api-key", "LINEAR_API_KEY"),
          Entry.token("notion.integration-token", "NOTION_TOKEN"),
          Entry.token("airtable.personal-access-token", "AIRTABLE_API_KEY"),
          Entry.token("hubspot.private-app-token", "HUBSPOT_ACCESS_TOKEN"),
          Entry.token("asana.personal-access-token", "ASANA_ACCESS_TOKEN"),
          Entry.token("atlassian.api-token", "JIRA_API_TOKEN"),
          Entry.token("atlassian.bitbucket-app-password", "BITBUCKET_APP_PASSWORD"),
          Entry.token("circleci.personal-token", "CIRCLECI_TOKEN"),
          Entry.token("travisci.api-token", "TRAVIS_API_TOKEN"),
          Entry.token("netlify.personal-token", "NETLIFY_AUTH_TOKEN"),
          Entry.token("vercel.token", "VERCEL_TOKEN"),
          Entry.token("cloudflare.api-token", "CLOUDFLARE_API_TOKEN"),
          Entry.token("cloudflare.global-api-key", "CLOUDFLARE_API_KEY"),
          Entry.token("fastly.api-token", "FASTLY_API_TOKEN"),
          Entry.token("algolia.admin-key", "ALGOLIA_ADMIN_KEY"),
          Entry.token("mapbox.secret-token", "MAPBOX_ACCESS_TOKEN"),
          Entry.token("huggingface.access-token", "HF_TOKEN"),
          Entry.token("cohere.api-key", "COHERE_API_KEY"),
          Entry.token("replicate.api-token", "REPLICATE_API_TOKEN"),
          Entry.token("pinecone.api-key", "PINECONE_API_KEY"));

  /** A way of writing a value down, given its entry. */
  record Form(String name, Function<Entry, String> writer, List<Kind> kinds) {
    String write(Entry entry, String value) {
      return writer.apply(entry).replace("@V@", value);
    }
  }

  private static String camel(List<String> words) {
    StringBuilder out = new StringBuilder(words.get(0));
    for (String w : words.subList(1, words.size())) {
      out.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
    }
    return out.toString();
  }

  private static String capital(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  private static String snake(Entry e) {
    return String.join("_", e.words());
  }

  private static String camel(Entry e) {
    return camel(e.words());
  }

  /** The kinds written on one line: a token or a connection URI (not a multi-line key). */
  private static final List<Kind> ONE_LINE = List.of(Kind.TOKEN, Kind.URI);

  static final List<Form> FORMS =
      List.of(
          new Form("env", e -> e.variable() + "=@V@\n", ONE_LINE),
          new Form(
              "export",
              e -> "export " + e.variable() + "=\"@V@\"\n",
              List.of(Kind.TOKEN, Kind.URI, Kind.PEM)),
          new Form("yaml", e -> snake(e) + ": @V@\n", ONE_LINE),
          new Form(
              "yaml-nested",
              e -> e.section() + ":\n  " + String.join("_", e.leafWords()) + ": \"@V@\"\n",
              ONE_LINE),
          new Form("json", e -> "{\"" + camel(e) + "\": \"@V@\"}\n", ONE_LINE),
          new Form(
              "json-pretty",
              e ->
                  "{\n  \""
                      + e.section()
                      + "\": {\n    \""
                      + camel(e.leafWords())
                      + "\": \"@V@\",\n    \"enabled\": true\n  }\n}\n",
              ONE_LINE),
          new Form("python", e -> e.variable() + " = '@V@'\n", ONE_LINE),
          new Form("javascript", e -> "const " + camel(e) + " = \"@V@\";\n", ONE_LINE),
          new Form("go", e -> "\t" + camel(e) + " := \"@V@\"\n", ONE_LINE),
          new Form(
              "java",
              e -> "    private static final String " + e.variable() + " = \"@V@\";\n",
              ONE_LINE),
          new Form(
              "cli-flag",
              e -> e.section() + " login --" + String.join("-", e.leafWords()) + " @V@\n",
              List.of(Kind.TOKEN)),
          new Form(
              "url-query",
              e ->
                  "curl \"https://api."
                      + e.section()
                      + ".com/v1/items?"
                      + String.join("_", e.leafWords())
                      + "=@V@&limit=10\"\n",
              List.of(Kind.TOKEN)),
          new Form("xml", e -> "  <" + camel(e) + ">@V@</" + camel(e) + ">\n", ONE_LINE),
          new Form("properties", e -> String.join(".", e.words()) + "=@V@\n", ONE_LINE),
          new Form("terraform", e -> "  " + snake(e) + " = \"@V@\"\n", ONE_LINE),
          new Form(
              "terraform-provider",
              e ->
                  "provider \""
                      + e.section()
                      + "\" {\n  "
                      + String.join("_", e.leafWords())
                      + " = \"@V@\"\n}\n",
              List.of(Kind.TOKEN)),
          new Form(
              "k8s-env",
              e -> "        - name: " + e.variable() + "\n          value: \"@V@\"\n",
              ONE_LINE),
          new Form(
              "curl-bearer",
              e ->
                  "curl -H \"Authorization: Bearer @V@\" https://api."
                      + e.section()
                      + ".com/v1/me\n",
              List.of(Kind.TOKEN)),
          new Form(
              "curl-url-first",
              e ->
                  "curl https://api."
                      + e.section()
                      + ".com/v1/me -H \"Authorization: Bearer @V@\"\n",
              List.of(Kind.TOKEN)),
          new Form(
              "docker-run",
              e -> "docker run -e " + e.variable() + "=@V@ -p 8080:8080 app:latest\n",
              ONE_LINE),
          new Form("dockerfile-env", e -> "ENV " + e.variable() + " @V@\n", ONE_LINE),
          new Form(
              "ini-section",
              e -> "[" + e.section() + "]\n" + String.join("_", e.leafWords()) + " = @V@\n",
              ONE_LINE),
          new Form("php", e -> "define('" + e.variable() + "', '@V@');\n", ONE_LINE),
          new Form("powershell", e -> "$env:" + e.variable() + " = \"@V@\"\n", ONE_LINE),
          new Form(
              "ecs-env",
              e -> "{\n  \"name\": \"" + e.variable() + "\",\n  \"value\": \"@V@\"\n}\n",
              ONE_LINE),
          new Form(
              "helm-set",
              e ->
                  "helm upgrade app ./chart --set "
                      + e.section()
                      + "."
                      + camel(e.leafWords())
                      + "=@V@\n",
              ONE_LINE),
          new Form("github-actions", e -> "    env:\n      " + e.variable() + ": @V@\n", ONE_LINE),
          new Form("c-define", e -> "#define " + e.variable() + " \"@V@\"\n", ONE_LINE),
          new Form(
              "ruby-configure",
              e ->
                  capital(e.section())
                      + ".configure do |config|\n  config."
                      + String.join("_", e.leafWords())
                      + " = \"@V@\"\nend\n",
              ONE_LINE),
          new Form(
              "js-client",
              e ->
                  "const client = new "
                      + capital(e.section())
                      + "Client({\n  "
                      + camel(e.leafWords())
                      + ": \"@V@\",\n});\n",
              ONE_LINE),
          new Form(
              "python-kwargs",
              e ->
                  "client = "
                      + e.section()
                      + ".Client(\n    "
                      + String.join("_", e.leafWords())
                      + "=\"@V@\",\n)\n",
              ONE_LINE),
          new Form(
              "yaml-nested-siblings",
              e ->
                  e.section()
                      + ":\n  enabled: true\n  region: eu-west-1\n  "
                      + String.join("_", e.leafWords())
                      + ": \"@V@\"\n",
              ONE_LINE),
          new Form(
              "terraform-provider-siblings",
              e ->
                  "provider \""
                      + e.section()
                      + "\" {\n  region  = \"eu\"\n  timeout = 30\n  "
                      + String.join("_", e.leafWords())
                      + " = \"@V@\"\n}\n",
              List.of(Kind.TOKEN)),
          new Form("pem-file", e -> "@V@\n", List.of(Kind.PEM)),
          new Form("yaml-block", e -> snake(e) + ": |\n  @V@\n", List.of(Kind.PEM)),
          new Form("json-escaped", e -> "{\"" + snake(e) + "\": \"@V@\"}\n", List.of(Kind.PEM)));

  /**
   * Forms a rule that reads forward from its keyword is not expected to find, each with the reason.
   * Such a rule (its pattern opens with the keyword: {@code okta…}, {@code DD_API_KEY…}) is how an
   * unprefixed secret is told from any other random string.
   */
  static final Map<String, String> MISSED_BY_KEYWORD_FIRST_RULES =
      Map.of(
          "curl-bearer",
          "the provider's name comes only after the secret, in the URL that follows the header;"
              + " reading backwards from every provider name on a line would pair unrelated"
              + " strings with it (the URL-first order, and every named form, are found)");

  /**
   * What a keyword-anchored pattern opens with so that its keyword is not the tail of a longer word
   * (tmetric in inputMetric, alchemy in SQLAlchemy).
   */
  static final String KEYWORD_AT_WORD_START = Fragments.bundled().expand("{{word-start}}");

  /**
   * Whether a rule's pattern starts with its keyword, so it finds nothing before it; also when that
   * is its first alternative and the others name a call or a URL ({@code SearchClient.create(…)}).
   */
  static boolean keywordFirst(Rule rule) {
    // A leading look-ahead at the first character ((?=[CcAa_.-]), a speed-up) starts no match
    // elsewhere: what follows it is what the match opens with.
    String regex = rule.pattern().pattern().replaceFirst("^\\(\\?=\\[[^\\]]*\\]\\)", "");
    return regex.startsWith("(?i:")
        || regex.startsWith("(?:(?i:")
        || regex.startsWith(KEYWORD_AT_WORD_START + "(?i:")
        || regex.startsWith("(?:" + KEYWORD_AT_WORD_START + "(?i:");
  }

  /**
   * Credentials never sent as {@code Authorization: Bearer}, so the bearer forms are not how they
   * leak; their own header or signing form is covered by the rule's examples.
   */
  static final Map<String, String> NOT_SENT_AS_BEARER =
      Map.of(
          "aws.secret-access-key", "signs requests (SigV4), never sent",
          "azure.storage-account-key", "signs requests (SharedKey), never sent",
          "datadog.api-key", "sent in a DD-API-KEY header",
          "datadog.application-key", "sent in a DD-APPLICATION-KEY header",
          "twilio.auth-token", "sent as the password of HTTP basic auth",
          "cloudflare.global-api-key", "sent in an X-Auth-Key header");

  /**
   * A kubeadm bootstrap token is a bare {@code [a-z0-9]{6}.[a-z0-9]{16}}, a shape bundle names in
   * web projects have too; its rule looks only on the lines beside its keywords ({@code
   * bootstrapTokens}, {@code kubeadm} …), so a value three settings further down is missed.
   */
  static final String NARROW_WINDOW = "kubernetes.bootstrap-token";

  static boolean expectedMiss(Entry entry, Form form) {
    boolean bearer = form.name().startsWith("curl-");
    return (MISSED_BY_KEYWORD_FIRST_RULES.containsKey(form.name())
            && keywordFirst(RULES.get(entry.ruleId())))
        || (bearer && NOT_SENT_AS_BEARER.containsKey(entry.ruleId()))
        || (entry.ruleId().equals(NARROW_WINDOW) && form.name().endsWith("-siblings"));
  }

  private static final Pattern URI =
      Pattern.compile(
          "[A-Za-z][A-Za-z0-9+.:-]*://[^\\s\"'<>]+|DefaultEndpointsProtocol=[^\\s\"'<>]+");
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN [A-Z ]+-----.*?-----END [A-Z ]+-----", Pattern.DOTALL);

  private static List<Credential> detect(String text) {
    return DETECTOR.detect(Chunk.of(text, Location.file("config/sample")));
  }

  /** The value to plant, and the secret the rule reports for it. */
  record Planted(String value, String secret) {}

  static Planted planted(Entry entry) {
    Rule rule = RULES.get(entry.ruleId());
    assertThat(rule).as("rule %s", entry.ruleId()).isNotNull();
    String example = rule.examples().get(0).replace("\\n", "\n");
    Credential found =
        detect(example).stream()
            .filter(c -> c.ruleId().equals(entry.ruleId()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("first example of " + entry.ruleId()));
    String secret = found.secret().reveal();
    String value =
        switch (entry.kind()) {
          case TOKEN -> secret;
          case URI -> first(URI, example, entry);
          case PEM -> first(PEM, example, entry);
        };
    return new Planted(value, secret);
  }

  private static String first(Pattern p, String text, Entry entry) {
    Matcher m = p.matcher(text);
    if (!m.find()) {
      throw new AssertionError("no " + entry.kind() + " in the first example of " + entry.ruleId());
    }
    return m.group();
  }

  private static String render(Form form, Entry entry, Planted planted) {
    String value = planted.value();
    if (entry.kind() == Kind.PEM) {
      value =
          switch (form.name()) {
            case "yaml-block" -> value.replace("\n", "\n  ");
            case "json-escaped" -> value.replace("\n", "\\n");
            default -> value;
          };
    }
    return "# sample\n" + form.write(entry, value) + "# end\n";
  }

  /** A PEM block keeps its base64 whatever it is wrapped in: indentation, escaped newlines. */
  private static String comparable(String secret) {
    return secret.startsWith("-----BEGIN") ? secret.replaceAll("\\\\n|\\s", "") : secret;
  }

  static boolean found(Entry entry, Planted planted, String text) {
    String provider = RULES.get(entry.ruleId()).provider();
    for (Credential c : detect(text)) {
      boolean sameSecret =
          c.secret() != null
              && comparable(planted.secret()).equals(comparable(c.secret().reveal()));
      if (sameSecret && (c.ruleId().equals(entry.ruleId()) || c.provider().equals(provider))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void keywordAnchoredRulesCanStartAtEachOfTheirKeywords() {
    // With lead 0 the regex is tried only where a keyword starts, so a keyword the pattern cannot
    // open with (do_spaces for spaces) would never match. The regex engine itself is asked: run
    // from the keyword's first character, it must either match or still be matching when the
    // keyword's text runs out (hitEnd), in lower or upper case as files write names. Patterns
    // that open case-sensitively (eyJ, AIza) are left out: their keywords are kept in lower case.
    List<String> unreachable = new ArrayList<>();
    for (Rule rule : RULES.values()) {
      String regex = rule.pattern().pattern();
      if (rule.lead() != 0
          || !(regex.startsWith("(?i") || regex.startsWith(KEYWORD_AT_WORD_START + "(?i"))) {
        continue;
      }
      for (String keyword : rule.keywords()) {
        boolean reachable = false;
        for (String written :
            List.of(keyword, keyword.toUpperCase(Locale.ROOT), keyword.toLowerCase(Locale.ROOT))) {
          java.util.regex.Matcher m = rule.pattern().matcher(written);
          if (m.lookingAt() || m.hitEnd()) {
            reachable = true;
            break;
          }
        }
        if (!reachable) {
          unreachable.add(rule.id() + " " + keyword);
        }
      }
    }
    assertThat(unreachable).isEmpty();
  }

  @Test
  void everyProviderIsFoundInEveryFormItIsWrittenIn() {
    List<String> unexpected = new ArrayList<>();
    int cases = 0;
    int hits = 0;
    StringBuilder table = new StringBuilder();
    for (Entry entry : ENTRIES) {
      Planted planted = planted(entry);
      int entryCases = 0;
      int entryHits = 0;
      List<String> misses = new ArrayList<>();
      for (Form form : FORMS) {
        if (!form.kinds().contains(entry.kind())) {
          continue;
        }
        String text = render(form, entry, planted);
        boolean hit = found(entry, planted, text);
        entryCases++;
        if (hit) {
          entryHits++;
        } else {
          String key = entry.ruleId() + " " + form.name();
          misses.add(form.name());
          if (!expectedMiss(entry, form)) {
            unexpected.add(key + ":\n" + text);
          }
        }
      }
      cases += entryCases;
      hits += entryHits;
      table.append(
          String.format(
              Locale.ROOT,
              "%-36s %2d/%2d  %s%n",
              entry.ruleId(),
              entryHits,
              entryCases,
              misses.isEmpty() ? "" : "missed: " + String.join(", ", misses)));
    }
    double recall = (double) hits / cases;
    System.out.printf(
        Locale.ROOT, "Context forms: %d/%d found (recall %.3f)%n%s", hits, cases, recall, table);
    assertThat(unexpected).as("misses not listed as expected").isEmpty();
    assertThat(recall).as("recall over the table").isGreaterThanOrEqualTo(0.987);
  }
}
