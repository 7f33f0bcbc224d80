namespace ResponsePortal.Publication;

/// <summary>
/// The vocabulary of <see cref="SyntheticArchive.GeneratedText"/>: per language, function words first (the most
/// frequent in real prose), then words of letters about human rights, drawn with a Zipf law by rank.
/// </summary>
internal sealed class SyntheticWords
{
    private const string English =
        "the of and to in a that is for on by with as be this are it from was which not or at has have its an were been their these any all such also "
        + "would other may should under into they them who he she his her whether information government authorities measures state alleged "
        + "human rights persons person children child women girls victims victim case cases allegations allegation communication letter reply replies "
        + "law laws national international protection investigation investigations right freedom security police detention detained arrest arrested "
        + "court judicial family families members community communities access health violence abuse abused trafficking trafficked online platform "
        + "company companies reported reports report concern concerns concerned steps taken provide please legal proceedings remedy remedies guarantee "
        + "safety ensure ensuring without delay request requested special rapporteur mandate mandates council resolution obligations obligation "
        + "article articles covenant convention treaty standards independent impartial prompt thorough accountability responsible perpetrators "
        + "threat threats threatened defender defenders journalist journalists lawyer lawyers activist activists land housing eviction evicted water "
        + "food mine mining river pollution workers migrants migrant refugees asylum custody death deaths torture ill treatment disappearance "
        + "disappeared enforced assembly peaceful expression association religion belief indigenous peoples minority discrimination equality "
        + "medical medicines hospital school education employment labour fishing vessels vessel crew recruitment debt bondage sexual exploitation "
        + "images material content removal moderation accounts users data privacy consent age verification reporting mechanism helpline referral "
        + "year years month months days date since following regarding concerning according additionally furthermore however therefore moreover";

    private const string French =
        "de la le les et des à en du un une que qui dans pour sur par au est sont ne pas plus ce cette ces il elle ils leur leurs avec aux été être "
        + "a ont ou comme dont mais aussi toute tous toutes sans entre selon lors afin auprès gouvernement autorités mesures état allégations "
        + "droits droit personnes personne enfants enfant femmes filles victimes victime cas communication lettre réponse réponses loi lois nationale "
        + "internationale protection enquête enquêtes liberté sécurité police détention détenu détenus arrestation arrêté arrêtée arrêtées tribunal "
        + "judiciaire famille familles membres communauté accès santé violence violences abus traite plateforme entreprise entreprises signalé "
        + "rapport préoccupation préoccupations mesures prises fournir veuillez procédure recours garantie garantir sûreté délai demande demandé "
        + "rapporteur spécial mandat conseil résolution obligations article pacte convention normes indépendante impartiale prompte responsabilité "
        + "auteurs menace menaces menacé défenseur défenseurs journaliste journalistes avocat avocats militant terre logement expulsion eau nourriture "
        + "mine rivière pollution travailleurs migrants réfugiés asile garde mort décès torture mauvais traitements disparition disparus réunion "
        + "pacifique expression association religion conviction autochtones peuples minorité discrimination égalité médicaux médicaments hôpital "
        + "école éducation emploi travail pêche navire navires équipage recrutement dette exploitation sexuelle images contenu retrait modération "
        + "comptes utilisateurs données vie privée consentement âge vérification signalement mécanisme année années mois jours date depuis suite "
        + "concernant conformément ainsi outre cependant donc";

    private const string Spanish =
        "de la el los las y en que a del se por con para un una es no al lo su sus como más pero sobre este esta estos estas entre sin ha han fue "
        + "sido ser son también todo todos todas según durante ante gobierno autoridades medidas estado alegaciones derechos derecho personas "
        + "persona niños niñas niño mujeres víctimas víctima caso casos comunicación carta respuesta respuestas ley leyes nacional internacional "
        + "protección investigación investigaciones libertad seguridad policía detención detenido detenidos detenida arresto tribunal judicial "
        + "familia familias miembros comunidad comunidades acceso salud violencia abuso abusos trata plataforma empresa empresas denunciado informe "
        + "informes preocupación preocupaciones adoptadas proporcionar sírvase procedimiento recursos garantía garantizar demora solicitud "
        + "solicitado relator especial mandato consejo resolución obligaciones artículo pacto convención normas independiente imparcial pronta "
        + "responsabilidad autores amenaza amenazas amenazado defensor defensores periodista periodistas abogado abogados activista tierra vivienda "
        + "desalojo agua alimentación mina río contaminación trabajadores migrantes refugiados asilo custodia muerte muertes tortura malos tratos "
        + "desaparición desaparecidos reunión pacífica expresión asociación religión creencia indígenas pueblos minoría discriminación igualdad "
        + "médicos medicamentos hospital escuela educación empleo trabajo pesca buque buques tripulación reclutamiento deuda explotación sexual "
        + "imágenes contenido retirada moderación cuentas usuarios datos privacidad consentimiento edad verificación denuncia mecanismo año años "
        + "mes meses días fecha desde relación conformidad además asimismo embargo tanto";

    private static readonly string[] Syllables = ["ka", "lo", "mir", "an", "do", "vel", "sa", "ri", "ton", "be", "gu", "ne", "sha", "pe", "lin", "or", "za", "mu", "dra", "ki"];

    private static readonly SyntheticWords[] Languages = [new(English), new(French), new(Spanish)];

    private readonly string[] _words;
    private readonly double[] _cumulative;
    /// <summary>
    /// <c>_guide[k]</c>: the first rank whose cumulative weight reaches k/<see cref="GuideSlots"/> of the total. A pick
    /// starts one slot lower and walks forward, so it finds the rank a binary search would (the first whose cumulative
    /// weight reaches the draw) in one or two steps: the generic <see cref="Array.BinarySearch{T}(T[], T)"/> over doubles was
    /// an eighth of a synthetic build's CPU (issue 13).
    /// </summary>
    private readonly int[] _guide;
    private const int GuideSlots = 4096;

    private SyntheticWords(string words)
    {
        _words = words.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        _cumulative = new double[_words.Length];
        double total = 0;
        for (int rank = 0; rank < _words.Length; rank++)
        {
            total += 1.0 / (rank + 1);
            _cumulative[rank] = total;
        }
        _guide = new int[GuideSlots + 1];
        var at = 0;
        for (int slot = 0; slot <= GuideSlots; slot++)
        {
            var reach = total * slot / GuideSlots;
            while (at < _words.Length - 1 && _cumulative[at] < reach)
            {
                at++;
            }
            _guide[slot] = at;
        }
    }

    public static SyntheticWords For(string language) => language switch { "fr" => Languages[1], "es" => Languages[2], _ => Languages[0] };

    public string Pick(Random random)
    {
        var draw = random.NextDouble() * _cumulative[^1];
        // One slot lower than the draw's: the slot computed in floating point may round up, never by a whole slot.
        var at = _guide[Math.Max((int)(draw / _cumulative[^1] * GuideSlots) - 1, 0)];
        while (at < _words.Length - 1 && _cumulative[at] < draw)
        {
            at++;
        }
        return _words[at];
    }

    /// <summary>A capitalised name of 2–4 syllables (168,400 possible): rare words, as names and places are in letters.</summary>
    public static string Name(Random random)
    {
        var name = string.Concat(Enumerable.Range(0, 2 + random.Next(3)).Select(_ => Syllables[random.Next(Syllables.Length)]));
        return char.ToUpperInvariant(name[0]) + name[1..];
    }
}
