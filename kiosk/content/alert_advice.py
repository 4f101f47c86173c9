"""What to do, in short easy Japanese and the five other resident languages.

One entry per kind of advice; kiosk.content.alert_levels says which warning gets which. The
警戒レベル texts follow the Cabinet Office evacuation guideline (レベル５ 緊急安全確保, ４ 避難指示
= 全員避難, ３ 高齢者等避難, ２ 避難行動の確認); the others give advice for that hazard and
never an evacuation order. Keep each one short: it is shown at 72 px and read aloud.
"""

from __future__ import annotations

LANGUAGES = ("ja", "en", "zh-Hans", "ko", "vi", "pt-BR")

ADVICE: dict[str, dict[str, str]] = {
    "level5": {
        "ja": "命の危険があります。ただちに身の安全を確保してください。",
        "en": "Your life is in danger. Make yourself safe at once.",
        "zh-Hans": "有生命危险。请立即确保自身安全。",
        "ko": "생명이 위험합니다. 즉시 몸의 안전을 확보하십시오.",
        "vi": "Tính mạng đang gặp nguy hiểm. Hãy bảo đảm an toàn cho bản thân ngay.",
        "pt-BR": "Sua vida está em perigo. Coloque-se em segurança imediatamente.",
    },
    "level4": {
        "ja": "危険な場所から全員避難してください。",
        "en": "Everyone must leave dangerous places now.",
        "zh-Hans": "请所有人从危险的地方撤离。",
        "ko": "위험한 장소에서 모두 대피하십시오.",
        "vi": "Mọi người hãy sơ tán khỏi nơi nguy hiểm.",
        "pt-BR": "Todos devem sair dos lugares perigosos agora.",
    },
    "level3": {
        "ja": "危険な場所から高齢者等は避難してください。ほかの人も避難の準備をしてください。",
        "en": "Older people and those who need help: leave dangerous places now. "
        "Everyone else: get ready to leave.",
        "zh-Hans": "老年人等需要帮助的人请从危险的地方撤离。其他人请做好撤离准备。",
        "ko": "고령자 등은 위험한 장소에서 대피하십시오. 다른 분들도 대피 준비를 하십시오.",
        "vi": "Người cao tuổi và người cần hỗ trợ hãy sơ tán khỏi nơi nguy hiểm. "
        "Những người khác hãy chuẩn bị sơ tán.",
        "pt-BR": "Idosos e pessoas que precisam de ajuda: saiam dos lugares perigosos. "
        "Os demais: preparem-se para sair.",
    },
    "level2": {
        "ja": "ハザードマップで、避難する場所と道を確かめてください。",
        "en": "Check on the hazard map where you would go and how to get there.",
        "zh-Hans": "请在灾害地图上确认避难场所和路线。",
        "ko": "해저드 맵에서 대피 장소와 길을 확인하십시오.",
        "vi": "Hãy kiểm tra nơi sơ tán và đường đi trên bản đồ nguy cơ thiên tai.",
        "pt-BR": "Confira no mapa de riscos para onde ir e por qual caminho.",
    },
    "wind": {
        "ja": "外に出ないでください。窓から離れ、飛んでくる物に気をつけてください。",
        "en": "Stay indoors, away from windows. Watch out for flying objects.",
        "zh-Hans": "请不要外出。远离窗户，小心被风吹来的物体。",
        "ko": "밖에 나가지 마십시오. 창문에서 떨어지고 날아오는 물건에 주의하십시오.",
        "vi": "Đừng ra ngoài. Tránh xa cửa sổ và cẩn thận vật bay.",
        "pt-BR": "Não saia. Fique longe das janelas e cuidado com objetos levados pelo vento.",
    },
    "snowstorm": {
        "ja": "外に出ないでください。雪と強い風で、前が見えなくなります。",
        "en": "Stay indoors. Snow and strong wind make it impossible to see.",
        "zh-Hans": "请不要外出。大雪和强风会让人看不清前方。",
        "ko": "밖에 나가지 마십시오. 눈과 강한 바람으로 앞이 보이지 않게 됩니다.",
        "vi": "Đừng ra ngoài. Tuyết và gió mạnh làm không nhìn thấy đường.",
        "pt-BR": "Não saia. A neve e o vento forte impedem de ver o caminho.",
    },
    "snow": {
        "ja": "用事のない外出はやめてください。雪かきは一人でしないでください。",
        "en": "Do not go out unless you must. Do not clear snow alone.",
        "zh-Hans": "没有必要请不要外出。不要一个人扫雪。",
        "ko": "꼭 필요하지 않으면 외출하지 마십시오. 혼자서 눈을 치우지 마십시오.",
        "vi": "Đừng ra ngoài nếu không cần thiết. Đừng dọn tuyết một mình.",
        "pt-BR": "Não saia se não for preciso. Não retire a neve sozinho.",
    },
    "waves": {
        "ja": "海岸に近づかないでください。",
        "en": "Stay away from the coast.",
        "zh-Hans": "请不要靠近海岸。",
        "ko": "해안에 가까이 가지 마십시오.",
        "vi": "Đừng đến gần bờ biển.",
        "pt-BR": "Fique longe da costa.",
    },
    "inundation": {
        "ja": "低い土地や地下に近づかないでください。",
        "en": "Stay away from low ground and underground places.",
        "zh-Hans": "请不要靠近低洼地和地下场所。",
        "ko": "낮은 땅이나 지하에 가까이 가지 마십시오.",
        "vi": "Đừng đến gần vùng đất trũng và nơi dưới lòng đất.",
        "pt-BR": "Fique longe de terrenos baixos e de lugares subterrâneos.",
    },
    "caution": {
        "ja": "これからの気象情報に注意してください。",
        "en": "Keep an eye on the latest weather information.",
        "zh-Hans": "请留意最新的气象信息。",
        "ko": "앞으로의 기상 정보에 주의하십시오.",
        "vi": "Hãy chú ý thông tin thời tiết mới nhất.",
        "pt-BR": "Acompanhe as informações do tempo mais recentes.",
    },
    "tornado": {
        "ja": "じょうぶな建物の中に入り、窓から離れてください。",
        "en": "Go inside a solid building and stay away from windows.",
        "zh-Hans": "请进入坚固的建筑物内，远离窗户。",
        "ko": "튼튼한 건물 안으로 들어가 창문에서 떨어지십시오.",
        "vi": "Hãy vào trong tòa nhà chắc chắn và tránh xa cửa sổ.",
        "pt-BR": "Entre em um prédio resistente e fique longe das janelas.",
    },
    "record_rain": {
        "ja": "とても激しい雨です。川やがけに近づかず、市町村の避難の情報に従ってください。",
        "en": "Extremely heavy rain. Stay away from rivers and slopes, and follow your town's "
        "evacuation information.",
        "zh-Hans": "正在下特大暴雨。请不要靠近河流和山崖，并听从市町村的避难信息。",
        "ko": "매우 강한 비입니다. 강과 절벽에 가까이 가지 말고 시정촌의 대피 정보에 따르십시오.",
        "vi": "Mưa cực lớn. Đừng đến gần sông và vách núi, hãy làm theo thông tin sơ tán "
        "của chính quyền địa phương.",
        "pt-BR": "Chuva extremamente forte. Fique longe de rios e encostas e siga as "
        "informações de evacuação da prefeitura.",
    },
    "heat": {
        "ja": "エアコンで涼しくして、水と塩分をこまめにとってください。",
        "en": "Keep cool with air conditioning, and drink water and take salt often.",
        "zh-Hans": "请用空调保持凉爽，勤补充水分和盐分。",
        "ko": "에어컨으로 시원하게 하고 물과 염분을 자주 섭취하십시오.",
        "vi": "Hãy bật điều hòa cho mát, uống nước và bổ sung muối thường xuyên.",
        "pt-BR": "Fique em local fresco com ar-condicionado e beba água e reponha sal com "
        "frequência.",
    },
    "heat_special": {
        "ja": "命に危険な暑さです。エアコンのある涼しい場所で過ごし、水と塩分をとってください。",
        "en": "Dangerous heat. Stay in a cool, air-conditioned place and drink water and take "
        "salt.",
        "zh-Hans": "危及生命的高温。请待在有空调的凉爽地方，补充水分和盐分。",
        "ko": "생명이 위험한 더위입니다. 에어컨이 있는 시원한 곳에서 지내고 물과 염분을 "
        "섭취하십시오.",
        "vi": "Nắng nóng nguy hiểm đến tính mạng. Hãy ở nơi mát có điều hòa, uống nước và "
        "bổ sung muối.",
        "pt-BR": "Calor perigoso. Fique em um lugar fresco com ar-condicionado e beba água e "
        "reponha sal.",
    },
    "volcano_evacuate": {
        "ja": "危険な地域から避難してください。市町村の指示に従ってください。",
        "en": "Leave the endangered area. Follow your town's instructions.",
        "zh-Hans": "请从危险区域撤离，并听从市町村的指示。",
        "ko": "위험한 지역에서 대피하십시오. 시정촌의 지시에 따르십시오.",
        "vi": "Hãy sơ tán khỏi khu vực nguy hiểm. Làm theo chỉ dẫn của chính quyền địa phương.",
        "pt-BR": "Saia da área em perigo. Siga as instruções da prefeitura.",
    },
    "volcano_prepare": {
        "ja": "高齢者等は避難してください。ほかの人は避難の準備をしてください。"
        "市町村の指示に従ってください。",
        "en": "Older people and those who need help: evacuate. Everyone else: get ready. "
        "Follow your town's instructions.",
        "zh-Hans": "老年人等请撤离。其他人请做好撤离准备。请听从市町村的指示。",
        "ko": "고령자 등은 대피하십시오. 다른 분들은 대피 준비를 하십시오. 시정촌의 지시에 "
        "따르십시오.",
        "vi": "Người cao tuổi và người cần hỗ trợ hãy sơ tán. Những người khác hãy chuẩn bị. "
        "Làm theo chỉ dẫn của chính quyền địa phương.",
        "pt-BR": "Idosos e pessoas que precisam de ajuda: evacuem. Os demais: preparem-se. "
        "Siga as instruções da prefeitura.",
    },
    "volcano_crater": {
        "ja": "火山に近づかないでください。立ち入りが止められている所に入らないでください。",
        "en": "Stay away from the volcano. Do not enter closed areas.",
        "zh-Hans": "请不要靠近火山。不要进入禁止进入的区域。",
        "ko": "화산에 가까이 가지 마십시오. 출입이 금지된 곳에 들어가지 마십시오.",
        "vi": "Đừng đến gần núi lửa. Không vào khu vực bị cấm.",
        "pt-BR": "Fique longe do vulcão. Não entre nas áreas fechadas.",
    },
    "eruption": {
        "ja": "火山が噴火しました。山の近くにいる人は、ただちに身を守ってください。",
        "en": "The volcano has erupted. Anyone near the mountain: protect yourself at once.",
        "zh-Hans": "火山已喷发。在山附近的人请立即保护自己。",
        "ko": "화산이 분화했습니다. 산 가까이에 있는 사람은 즉시 몸을 보호하십시오.",
        "vi": "Núi lửa đã phun trào. Ai ở gần núi hãy bảo vệ bản thân ngay.",
        "pt-BR": "O vulcão entrou em erupção. Quem estiver perto da montanha: proteja-se já.",
    },
    "quake": {
        "ja": "強い揺れに注意してください。まず身の安全を守り、火の元を確認してください。",
        "en": "Beware of strong shaking. Protect yourself first, then check for fire.",
        "zh-Hans": "请注意强烈摇晃。首先保护好自己，然后检查火源。",
        "ko": "강한 흔들림에 주의하십시오. 먼저 몸을 보호하고 불씨를 확인하십시오.",
        "vi": "Hãy cẩn thận với rung lắc mạnh. Trước hết hãy bảo vệ bản thân, sau đó kiểm tra "
        "nguồn lửa.",
        "pt-BR": "Cuidado com tremores fortes. Primeiro proteja-se, depois verifique se há fogo.",
    },
    "tsunami_major": {
        "ja": "ただちに高台や津波避難ビルなど、できるだけ高い安全な場所へ避難してください。",
        "en": "Evacuate at once to the highest ground you can reach or a tsunami evacuation "
        "building.",
        "zh-Hans": "请立即撤离到尽可能高的高地或海啸避难大楼。",
        "ko": "즉시 가능한 한 높은 곳이나 쓰나미 대피 빌딩으로 대피하십시오.",
        "vi": "Hãy sơ tán ngay lên nơi cao nhất có thể hoặc tòa nhà lánh nạn sóng thần.",
        "pt-BR": "Evacue já para o lugar mais alto possível ou um prédio de refúgio contra "
        "tsunami.",
    },
    "tsunami": {
        "ja": "ただちに高台や津波避難ビルなど、安全な場所へ避難してください。",
        "en": "Evacuate at once to high ground or a tsunami evacuation building.",
        "zh-Hans": "请立即撤离到高地或海啸避难大楼等安全的地方。",
        "ko": "즉시 높은 곳이나 쓰나미 대피 빌딩 등 안전한 곳으로 대피하십시오.",
        "vi": "Hãy sơ tán ngay lên nơi cao hoặc tòa nhà lánh nạn sóng thần.",
        "pt-BR": "Evacue já para um lugar alto ou um prédio de refúgio contra tsunami.",
    },
    "tsunami_advisory": {
        "ja": "海の中や海岸にいる人は、ただちに海から上がって、海岸から離れてください。",
        "en": "Get out of the water and away from the coast at once.",
        "zh-Hans": "在海中或海岸的人请立即上岸，远离海岸。",
        "ko": "바다나 해안에 있는 사람은 즉시 바다에서 나와 해안에서 떨어지십시오.",
        "vi": "Ai đang ở dưới biển hoặc bờ biển hãy lên bờ ngay và tránh xa bờ biển.",
        "pt-BR": "Quem estiver no mar ou na praia: saia da água e afaste-se da costa já.",
    },
    "sea_caution": {
        "ja": "海の中での作業や釣り、海水浴は、気をつけてください。",
        "en": "Take care when working, fishing or swimming in the sea.",
        "zh-Hans": "在海中作业、钓鱼或游泳时请注意安全。",
        "ko": "바다에서의 작업, 낚시, 해수욕은 조심하십시오.",
        "vi": "Hãy cẩn thận khi làm việc, câu cá hoặc tắm biển.",
        "pt-BR": "Tenha cuidado ao trabalhar, pescar ou nadar no mar.",
    },
    "nankai_warning": {
        "ja": "地震への備えを確かめ、すぐに避難できるようにしてください。"
        "市町村の呼びかけに従ってください。",
        "en": "Check your earthquake preparations and be ready to evacuate at once. Follow "
        "your town's instructions.",
        "zh-Hans": "请确认防震准备，做好随时撤离的准备。请听从市町村的呼吁。",
        "ko": "지진 대비를 확인하고 바로 대피할 수 있도록 준비하십시오. 시정촌의 안내에 "
        "따르십시오.",
        "vi": "Hãy kiểm tra sự chuẩn bị cho động đất và sẵn sàng sơ tán ngay. Làm theo hướng "
        "dẫn của chính quyền địa phương.",
        "pt-BR": "Confira seus preparativos para terremotos e esteja pronto para evacuar. "
        "Siga as orientações da prefeitura.",
    },
    "quake_advisory": {
        "ja": "地震への備えを確かめてください。"
        "揺れを感じたら、すぐに逃げられるようにしてください。",
        "en": "Check your earthquake preparations. If you feel shaking, be ready to get out "
        "at once.",
        "zh-Hans": "请确认防震准备。感到摇晃时，请做好立即逃生的准备。",
        "ko": "지진 대비를 확인하십시오. 흔들림을 느끼면 바로 피할 수 있도록 하십시오.",
        "vi": "Hãy kiểm tra sự chuẩn bị cho động đất. Khi thấy rung lắc, hãy sẵn sàng thoát "
        "ra ngay.",
        "pt-BR": "Confira seus preparativos para terremotos. Se sentir tremor, esteja pronto "
        "para sair já.",
    },
    "investigating": {
        "ja": "調べています。テレビやラジオの情報に注意してください。",
        "en": "Being investigated. Follow TV and radio news.",
        "zh-Hans": "正在调查。请留意电视和广播的信息。",
        "ko": "조사 중입니다. TV와 라디오 정보에 주의하십시오.",
        "vi": "Đang điều tra. Hãy theo dõi tin tức trên TV và radio.",
        "pt-BR": "Em investigação. Acompanhe as notícias na TV e no rádio.",
    },
}
