using System.Text;

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
    /// <summary>
    /// Each word in UTF-8 as written mid-sentence (after its space) and to start one (capitalised), in slots of
    /// <see cref="SlotBytes"/> bytes (slot 2 × rank and 2 × rank + 1), so a word is copied as one fixed-size block and
    /// the text's length moves by the word's own: a copy of a span of the word's length was a call per word.
    /// </summary>
    private readonly byte[] _slots;
    private readonly byte[] _lengths;
    public const int SlotBytes = 32;
    /// <summary>
    /// The Zipf law quantised: slot k of <see cref="Slots"/> holds the rank whose cumulative weight first reaches
    /// (k + ½)/<see cref="Slots"/> of the total, so a uniform 16-bit draw picks a rank in one load. The rarest of a
    /// language's 209–243 words still owns 44 slots or more, so each word's share is within a slot of the law.
    /// Picking with <see cref="Random.NextDouble"/> and a walk over the cumulative weights, a <see cref="Random"/> call
    /// or two a word, cost a text build more CPU than its index: the synthetic documents are made once for their
    /// hashes and again each time the build reads one (issue 14).
    /// </summary>
    private readonly ushort[] _ranks;
    private const int Slots = 1 << 16;

    private SyntheticWords(string words)
    {
        _words = words.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        _slots = new byte[_words.Length * 2 * SlotBytes];
        _lengths = new byte[_words.Length * 2];
        for (int rank = 0; rank < _words.Length; rank++)
        {
            var following = Encoding.UTF8.GetBytes(" " + _words[rank]);
            var first = Encoding.UTF8.GetBytes(char.ToUpperInvariant(_words[rank][0]) + _words[rank][1..]);
            if (following.Length > SlotBytes)
            {
                throw new InvalidOperationException($"\"{_words[rank]}\" is longer than a slot of {SlotBytes} bytes.");
            }
            following.CopyTo(_slots, 2 * rank * SlotBytes);
            first.CopyTo(_slots, (2 * rank + 1) * SlotBytes);
            (_lengths[2 * rank], _lengths[2 * rank + 1]) = ((byte)following.Length, (byte)first.Length);
        }
        var cumulative = new double[_words.Length];
        double total = 0;
        for (int rank = 0; rank < _words.Length; rank++)
        {
            total += 1.0 / (rank + 1);
            cumulative[rank] = total;
        }
        _ranks = new ushort[Slots];
        var at = 0;
        for (int slot = 0; slot < Slots; slot++)
        {
            var reach = total * (slot + 0.5) / Slots;
            while (at < _words.Length - 1 && cumulative[at] < reach)
            {
                at++;
            }
            _ranks[slot] = (ushort)at;
        }
    }

    public static SyntheticWords For(string language) => language switch { "fr" => Languages[1], "es" => Languages[2], _ => Languages[0] };

    /// <summary>Writes the word of a uniform 16-bit draw in UTF-8: capitalised to start a sentence, else after a space.</summary>
    public void Write(ushort draw, bool first, ref SyntheticArchive.Utf8Text text)
    {
        var slot = 2 * _ranks[draw] + (first ? 1 : 0);
        text.AppendSlot(_slots, slot * SlotBytes, _lengths[slot]);
    }

    /// <summary>A capitalised name of 2–4 syllables (168,400 possible): rare words, as names and places are in letters.</summary>
    public static void WriteName(ref Draws draws, ref SyntheticArchive.Utf8Text text)
    {
        var bits = draws.Next();
        var syllables = 2 + (int)(bits % 3);
        bits /= 3;
        for (int s = 0; s < syllables; s++)
        {
            var syllable = Syllables[(int)(bits % (ulong)Syllables.Length)];
            bits /= (ulong)Syllables.Length;
            for (int i = 0; i < syllable.Length; i++)
            {
                text.Append((byte)(s == 0 && i == 0 ? char.ToUpperInvariant(syllable[i]) : syllable[i]));
            }
        }
    }

    /// <summary>
    /// SplitMix64: 64 well-mixed bits per call from a counter, the same sequence for the same seed in any process and
    /// on any .NET version. A seeded <see cref="Random"/> keeps the legacy subtractive generator, several times slower
    /// per number, and its sequence is not promised across versions.
    /// </summary>
    public struct Draws(ulong seed)
    {
        private ulong _state = seed;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>A number in [0, <paramref name="n"/>) from 32 bits (multiply and shift; the bias, under n / 2³², is of no matter here).</summary>
        public int Below(int n) => (int)(((Next() >> 32) * (ulong)(uint)n) >> 32);
    }
}
