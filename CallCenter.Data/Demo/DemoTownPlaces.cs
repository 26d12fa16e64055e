namespace CallCenter.Data.Demo;

/// <summary>
/// Where the demo town's people went: shelters (also stored as facilities), prefectures weighted as for a
/// Fukushima coastal town's evacuation (mostly within Fukushima, then Kanto, Niigata, Yamagata, ...), and
/// places by kind. Facility phone numbers are made up.
/// </summary>
internal static class DemoTownPlaces
{
    internal sealed record Shelter(string Name, byte PrefectureCode, string Municipality, string Address, string Phone, int Weight, bool IsOpen);

    internal sealed record Prefecture(byte Code, int Weight, string[] Municipalities);

    internal sealed record Place(byte PrefectureCode, string Municipality, string Name);

    internal static readonly Shelter[] Shelters =
    [
        new("会津若松市立第二中学校体育館", 7, "会津若松市", "福島県会津若松市東山町大字石山", "0242-26-0101", 9, true),
        new("鶴ヶ城体育館", 7, "会津若松市", "福島県会津若松市追手町", "0242-27-0102", 6, true),
        new("会津若松市河東総合体育館", 7, "会津若松市", "福島県会津若松市河東町", "0242-75-0103", 5, true),
        new("ビッグパレットふくしま", 7, "郡山市", "福島県郡山市南二丁目", "024-947-0104", 11, true),
        new("郡山市総合体育館", 7, "郡山市", "福島県郡山市豊田町", "024-934-0105", 6, true),
        new("あづま総合体育館", 7, "福島市", "福島県福島市佐原字神事場", "024-593-0106", 8, true),
        new("福島市国体記念体育館", 7, "福島市", "福島県福島市仲間町", "024-535-0107", 4, true),
        new("二本松市東和文化センター", 7, "二本松市", "福島県二本松市太田字下田", "0243-46-0108", 6, true),
        new("いわき市総合体育館", 7, "いわき市", "福島県いわき市平字下荒川", "0246-28-0109", 6, true),
        new("いわき市立小名浜第一中学校体育館", 7, "いわき市", "福島県いわき市小名浜", "0246-54-0110", 4, false),
        new("猪苗代町体育館", 7, "猪苗代町", "福島県耶麻郡猪苗代町", "0242-62-0111", 4, true),
        new("須賀川アリーナ", 7, "須賀川市", "福島県須賀川市牛袋町", "0248-73-0112", 4, true),
        new("白河市総合体育館", 7, "白河市", "福島県白河市北中川原", "0248-22-0113", 3, true),
        new("三春町民体育館", 7, "三春町", "福島県田村郡三春町", "0247-62-0114", 3, true),
        new("喜多方市押切川公園体育館", 7, "喜多方市", "福島県喜多方市松山町", "0241-23-0115", 3, true),
        new("さいたまスーパーアリーナ", 11, "さいたま市", "埼玉県さいたま市中央区新都心", "048-601-0116", 6, false),
        new("旧埼玉県立騎西高等学校", 11, "加須市", "埼玉県加須市騎西", "0480-73-0117", 5, true),
        new("東京武道館", 13, "足立区", "東京都足立区綾瀬", "03-5697-0118", 3, true),
        new("米沢市営体育館", 6, "米沢市", "山形県米沢市金池", "0238-22-0119", 4, true),
        new("新潟市東総合スポーツセンター", 15, "新潟市", "新潟県新潟市東区", "025-270-0120", 3, true),
        new("栃木県立県南体育館", 9, "小山市", "栃木県小山市", "0285-24-0121", 2, true),
    ];

    internal static readonly Prefecture[] Prefectures =
    [
        new(7, 550, ["会津若松市", "会津若松市", "会津若松市", "いわき市", "いわき市", "いわき市", "郡山市", "郡山市", "福島市", "福島市",
                     "二本松市", "猪苗代町", "白河市", "須賀川市", "喜多方市", "南相馬市", "三春町", "本宮市", "伊達市", "田村市"]),
        new(11, 70, ["さいたま市", "加須市", "川口市", "所沢市", "越谷市"]),
        new(13, 60, ["江東区", "足立区", "世田谷区", "練馬区", "八王子市", "町田市"]),
        new(15, 50, ["新潟市", "柏崎市", "長岡市", "三条市", "上越市"]),
        new(6, 50, ["山形市", "米沢市", "天童市", "酒田市"]),
        new(8, 40, ["水戸市", "つくば市", "日立市", "北茨城市"]),
        new(4, 30, ["仙台市", "名取市", "白石市"]),
        new(12, 30, ["千葉市", "船橋市", "柏市", "松戸市"]),
        new(14, 30, ["横浜市", "川崎市", "相模原市"]),
        new(9, 20, ["宇都宮市", "那須塩原市", "小山市"]),
        new(10, 20, ["前橋市", "高崎市", "片品村"]),
        new(1, 10, ["札幌市", "旭川市"]),
        new(27, 5, ["大阪市", "堺市"]),
        new(23, 5, ["名古屋市"]),
        new(22, 5, ["静岡市", "浜松市"]),
        new(20, 5, ["長野市", "松本市"]),
        new(5, 5, ["秋田市"]),
        new(3, 3, ["盛岡市"]),
        new(26, 3, ["京都市"]),
        new(40, 3, ["福岡市"]),
        new(47, 2, ["那覇市"]),
    ];

    internal static readonly string[] Countries = ["アメリカ合衆国", "オーストラリア", "大韓民国", "中華人民共和国", "フィリピン", "カナダ", "タイ"];

    internal static readonly Place[] Hotels =
    [
        new(7, "会津若松市", "東山温泉 旅館（二次避難所）"),
        new(7, "郡山市", "磐梯熱海温泉 ホテル（二次避難所）"),
        new(7, "二本松市", "岳温泉 旅館（二次避難所）"),
        new(7, "福島市", "土湯温泉 旅館（二次避難所）"),
        new(7, "猪苗代町", "猪苗代 ペンション（二次避難所）"),
        new(7, "喜多方市", "熱塩温泉 旅館（二次避難所）"),
        new(15, "新潟市", "市内ホテル"),
        new(6, "山形市", "蔵王温泉 旅館（二次避難所）"),
    ];

    internal static readonly Place[] Hospitals =
    [
        new(7, "会津若松市", "会津中央病院"),
        new(7, "郡山市", "太田西ノ内病院"),
        new(7, "福島市", "福島県立医科大学附属病院"),
        new(7, "いわき市", "いわき市立総合磐城共立病院"),
        new(7, "南相馬市", "南相馬市立総合病院"),
        new(15, "新潟市", "新潟市民病院"),
    ];

    internal static readonly Place[] WelfareFacilities =
    [
        new(7, "会津若松市", "特別養護老人ホーム 白鳥荘"),
        new(7, "郡山市", "介護老人保健施設 あさかの里"),
        new(7, "いわき市", "特別養護老人ホーム 千寿園"),
        new(7, "二本松市", "特別養護老人ホーム 安達の郷"),
        new(11, "加須市", "介護老人保健施設 きさい"),
    ];

    internal static readonly Place[] TemporaryHousing =
    [
        new(7, "会津若松市", "城北仮設住宅"),
        new(7, "会津若松市", "河東仮設住宅"),
        new(7, "いわき市", "好間工業団地仮設住宅"),
        new(7, "郡山市", "富田町仮設住宅"),
        new(7, "二本松市", "安達運動場仮設住宅"),
        new(7, "福島市", "笹谷東部仮設住宅"),
        new(7, "本宮市", "高木仮設住宅"),
        new(7, "三春町", "沢石仮設住宅"),
    ];

    internal static readonly string[] LeasedHousing = ["民間借上げ住宅", "民間借上げ住宅（アパート）", "雇用促進住宅", "県営住宅（借上げ）", "公務員宿舎（借上げ）"];

    internal static readonly string[] RelativeHomes = ["長男宅", "長女宅", "次男宅", "次女宅", "兄宅", "姉宅", "妹宅", "弟宅", "親戚宅", "知人宅", "妻の実家", "実家"];

    internal static readonly string[] OtherPlaces = ["勤務先の寮", "車中泊", "寺院（好意による受入れ）", "会社の保養所"];
}
