"""Write the chrome catalogs (zh-Hans, ko, vi, pt-BR) from the table below; run after adding
strings. Content pages stay Japanese/English; these languages cover menus, buttons and
settings. Usage: python scripts/chrome_translations.py"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

LOCALE = Path(__file__).resolve().parent.parent / "kiosk" / "locale"

# msgid: (zh-Hans, ko, vi, pt-BR)
T: dict[str, tuple[str, str, str, str]] = {
    "Alert": ("警报", "경보", "Cảnh báo", "Alerta"),
    "Could not be updated just now, so this may be out of date.": (
        "暂时无法更新，内容可能不是最新的。",
        "지금은 업데이트할 수 없어 내용이 최신이 아닐 수 있습니다.",
        "Hiện không cập nhật được, nên thông tin có thể đã cũ.",
        "Não foi possível atualizar agora; as informações podem estar desatualizadas.",
    ),
    "Back": ("返回", "뒤로", "Quay lại", "Voltar"),
    "Black on white": (
        "白底黑字",
        "흰 바탕에 검은 글자",
        "Chữ đen trên nền trắng",
        "Letras pretas no fundo branco",
    ),
    "Check-ups, vaccinations, staying well": (
        "体检、疫苗接种、保持健康",
        "건강검진, 예방접종, 건강 관리",
        "Khám sức khỏe, tiêm chủng, giữ gìn sức khỏe",
        "Exames, vacinas, cuidar da saúde",
    ),
    "Child-rearing, insurance, pension, care": (
        "育儿、保险、养老金、护理",
        "육아, 보험, 연금, 돌봄",
        "Nuôi con, bảo hiểm, lương hưu, chăm sóc",
        "Filhos, seguro, aposentadoria, cuidados",
    ),
    "Disaster & weather": (
        "防灾・天气",
        "방재・날씨",
        "Thiên tai & thời tiết",
        "Desastres e clima",
    ),
    "Drill": ("演习", "훈련", "Diễn tập", "Simulado"),
    "Facilities & shelters": (
        "设施・避难所",
        "시설・대피소",
        "Cơ sở & nơi lánh nạn",
        "Locais e abrigos",
    ),
    "Family & welfare": (
        "家庭・福利",
        "가족・복지",
        "Gia đình & phúc lợi",
        "Família e bem-estar social",
    ),
    "Festivals, talks, community broadcast": (
        "节日、讲座、社区广播",
        "축제, 강연, 지역 방송",
        "Lễ hội, buổi nói chuyện, phát thanh địa phương",
        "Festas, palestras, rádio comunitária",
    ),
    "Health": ("健康", "건강", "Sức khỏe", "Saúde"),
    "Hiroba information corner": (
        "广场 信息角",
        "히로바 안내 코너",
        "Góc thông tin Hiroba",
        "Cantinho de informações Hiroba",
    ),
    "Home": ("首页", "처음 화면", "Trang đầu", "Início"),
    "Last updated: {when}": (
        "最后更新：{when}",
        "마지막 업데이트: {when}",
        "Cập nhật lần cuối: {when}",
        "Atualizado em: {when}",
    ),
    "Local events": ("本地活动", "지역 행사", "Sự kiện địa phương", "Eventos locais"),
    "Notices": ("通知", "알림", "Thông báo", "Avisos"),
    "Opening hours, evacuation sites": (
        "开放时间、避难场所",
        "이용 시간, 대피 장소",
        "Giờ mở cửa, nơi sơ tán",
        "Horários, locais de evacuação",
    ),
    "Scroll down": ("向下", "아래로", "Xuống dưới", "Rolar para baixo"),
    "Scroll up": ("向上", "위로", "Lên trên", "Rolar para cima"),
    "There is nothing here at the moment.": (
        "目前这里没有内容。",
        "지금은 내용이 없습니다.",
        "Hiện chưa có nội dung.",
        "Não há nada aqui no momento.",
    ),
    "Touch here to read more": (
        "点这里查看详情",
        "여기를 누르면 자세히 볼 수 있습니다",
        "Chạm vào đây để đọc thêm",
        "Toque aqui para ler mais",
    ),
    "Town hall, schools, neighbourhood": (
        "政府、学校、社区",
        "관공서, 학교, 동네",
        "Tòa thị chính, trường học, khu phố",
        "Prefeitura, escolas, bairro",
    ),
    "Warnings, evacuation, weather": (
        "警报、避难、天气",
        "경보, 대피, 날씨",
        "Cảnh báo, sơ tán, thời tiết",
        "Alertas, evacuação, clima",
    ),
    "White on black": (
        "黑底白字",
        "검은 바탕에 흰 글자",
        "Chữ trắng trên nền đen",
        "Letras brancas no fundo preto",
    ),
    "Yellow on blue": (
        "蓝底黄字",
        "파란 바탕에 노란 글자",
        "Chữ vàng trên nền xanh",
        "Letras amarelas no fundo azul",
    ),
    "{n} items": ("{n}条", "{n}건", "{n} mục", "{n} itens"),
    "All done! You can now use the kiosk.": (
        "全部完成！现在您可以使用了。",
        "모두 끝났습니다! 이제 사용할 수 있습니다.",
        "Xong rồi! Bây giờ bạn đã biết dùng máy.",
        "Pronto! Agora você já sabe usar.",
    ),
    "Are you still using the kiosk?": (
        "您还在使用吗？",
        "아직 사용하고 계신가요?",
        "Bạn vẫn đang dùng chứ?",
        "Você ainda está usando?",
    ),
    "Back to the usual settings": (
        "恢复原来的设置",
        "원래 설정으로 되돌리기",
        "Trở về cài đặt ban đầu",
        "Voltar ao normal",
    ),
    "Back: return to the screen you saw before.": (
        "返回：回到上一个画面。",
        "뒤로: 바로 전 화면으로 돌아갑니다.",
        "Quay lại: trở về màn hình trước.",
        "Voltar: volta para a tela anterior.",
    ),
    "Click sound": ("按键音", "누름 소리", "Âm thanh khi chạm", "Som ao tocar"),
    "Colours": ("颜色", "색", "Màu sắc", "Cores"),
    "Continue": ("继续", "계속하기", "Tiếp tục", "Continuar"),
    "Excellent! You can choose the size you like.": (
        "太棒了！您可以选择喜欢的大小。",
        "아주 좋습니다! 원하는 크기를 고를 수 있습니다.",
        "Tuyệt vời! Bạn có thể chọn cỡ chữ mình thích.",
        "Excelente! Você pode escolher o tamanho que preferir.",
    ),
    "Finish": ("结束", "마치기", "Kết thúc", "Terminar"),
    "Furigana (readings over kanji)": (
        "假名注音（汉字上方的读音）",
        "후리가나 (한자 위 읽는 법)",
        "Furigana (cách đọc trên chữ Hán)",
        "Furigana (leitura sobre os kanji)",
    ),
    "Home: return to the first screen with the big buttons.": (
        "首页：回到有大按钮的第一个画面。",
        "처음 화면: 큰 버튼이 있는 첫 화면으로 돌아갑니다.",
        "Trang đầu: trở về màn hình đầu tiên có các nút lớn.",
        "Início: volta para a primeira tela, com os botões grandes.",
    ),
    "How to use": ("使用方法", "사용 방법", "Cách sử dụng", "Como usar"),
    "In {n} seconds the screen goes back to the start.": (
        "{n}秒后画面将回到开头。",
        "{n}초 후에 처음 화면으로 돌아갑니다.",
        "Sau {n} giây, màn hình sẽ trở về ban đầu.",
        "Em {n} segundos a tela volta ao início.",
    ),
    "Language": ("语言", "언어", "Ngôn ngữ", "Idioma"),
    "Large": ("大", "크게", "Lớn", "Grande"),
    "Largest": ("最大", "가장 크게", "Lớn nhất", "Maior"),
    "Line {n} of the practice text.": (
        "练习文字第{n}行。",
        "연습 글 {n}번째 줄입니다.",
        "Dòng {n} của bài tập.",
        "Linha {n} do texto de treino.",
    ),
    "Next": ("下一步", "다음", "Tiếp theo", "Próximo"),
    "Normal": ("普通", "보통", "Bình thường", "Normal"),
    "Off": ("关", "끄기", "Tắt", "Desligado"),
    "On": ("开", "켜기", "Bật", "Ligado"),
    "Open a page": ("打开一个页面", "페이지 열기", "Mở một trang", "Abrir uma página"),
    "Picture of the button: {name}": (
        "按钮图片：{name}",
        "버튼 그림: {name}",
        "Hình nút: {name}",
        "Imagem do botão: {name}",
    ),
    "Practice": ("练习", "연습", "Luyện tập", "Treino"),
    "Practice (try it out)": (
        "练习（试一试）",
        "연습 (직접 해 보기)",
        "Luyện tập (thử xem)",
        "Treino (experimente)",
    ),
    "Press here": ("请按这里", "여기를 누르세요", "Hãy chạm vào đây", "Toque aqui"),
    "Sample: This is how text will look.": (
        "示例：文字会这样显示。",
        "보기: 글자가 이렇게 보입니다.",
        "Mẫu: chữ sẽ hiển thị như thế này.",
        "Exemplo: o texto vai ficar assim.",
    ),
    "Screen": ("画面", "화면", "Màn hình", "Tela"),
    "Settings": ("设置", "설정", "Cài đặt", "Ajustes"),
    "Settings: make the text bigger, change colours, language, furigana.": (
        "设置：放大文字，更改颜色、语言、假名注音。",
        "설정: 글자를 크게 하고 색, 언어, 후리가나를 바꿉니다.",
        "Cài đặt: phóng to chữ, đổi màu, ngôn ngữ, furigana.",
        "Ajustes: aumentar o texto, mudar cores, idioma, furigana.",
    ),
    "Step 1: Press the big button below.": (
        "第1步：请按下面的大按钮。",
        "1단계: 아래의 큰 버튼을 누르세요.",
        "Bước 1: Chạm vào nút lớn bên dưới.",
        "Passo 1: Toque no botão grande abaixo.",
    ),
    "Step 2: Press ▼ or slide the text up with your finger.": (
        "第2步：按▼，或用手指把文字往上滑。",
        "2단계: ▼를 누르거나 손가락으로 글을 위로 밀어 보세요.",
        "Bước 2: Chạm ▼ hoặc dùng ngón tay đẩy chữ lên.",
        "Passo 2: Toque em ▼ ou deslize o texto para cima com o dedo.",
    ),
    "Step 3: Press the button below to open another page.": (
        "第3步：按下面的按钮，打开另一个页面。",
        "3단계: 아래 버튼을 눌러 다른 페이지를 여세요.",
        "Bước 3: Chạm vào nút bên dưới để mở trang khác.",
        "Passo 3: Toque no botão abaixo para abrir outra página.",
    ),
    "Step 4: Choose a text size.": (
        "第4步：请选择文字大小。",
        "4단계: 글자 크기를 고르세요.",
        "Bước 4: Chọn cỡ chữ.",
        "Passo 4: Escolha o tamanho do texto.",
    ),
    "Switch control (focus moves by itself)": (
        "开关操作（焦点自动移动）",
        "스위치 조작 (선택이 저절로 움직임)",
        "Điều khiển bằng một nút (tự chuyển lựa chọn)",
        "Controle por botão único (a seleção anda sozinha)",
    ),
    "Text size": ("文字大小", "글자 크기", "Cỡ chữ", "Tamanho do texto"),
    "This is another page. Now press ◀ Back at the bottom.": (
        "这是另一个页面。请按下方的◀返回。",
        "다른 페이지입니다. 이제 아래의 ◀ 뒤로를 누르세요.",
        "Đây là trang khác. Bây giờ hãy chạm ◀ Quay lại ở phía dưới.",
        "Esta é outra página. Agora toque em ◀ Voltar, embaixo.",
    ),
    "Very good! The text moved.": (
        "很好！文字移动了。",
        "잘하셨습니다! 글이 움직였습니다.",
        "Rất tốt! Chữ đã di chuyển.",
        "Muito bem! O texto se moveu.",
    ),
    "Well done! That is how you go back.": (
        "做得好！这样就能返回了。",
        "잘하셨습니다! 이렇게 돌아갈 수 있습니다.",
        "Giỏi lắm! Đó là cách quay lại.",
        "Muito bem! É assim que se volta.",
    ),
    "Wonderful! You pressed the button.": (
        "太好了！您按下了按钮。",
        "훌륭합니다! 버튼을 눌렀습니다.",
        "Tuyệt vời! Bạn đã chạm vào nút.",
        "Maravilha! Você tocou no botão.",
    ),
    "chosen": ("已选择", "선택됨", "đã chọn", "escolhido"),
    "not chosen": ("未选择", "선택 안 됨", "chưa chọn", "não escolhido"),
    "▲: show the text above. You can also slide the text with a finger.": (
        "▲：显示上面的文字。也可以用手指滑动文字。",
        "▲: 위쪽 글을 보여 줍니다. 손가락으로 글을 밀어도 됩니다.",
        "▲: xem phần chữ phía trên. Bạn cũng có thể dùng ngón tay kéo chữ.",
        "▲: mostra o texto de cima. Você também pode deslizar o texto com o dedo.",
    ),
    "▼: show more of the text below.": (
        "▼：显示下面更多的文字。",
        "▼: 아래쪽 글을 더 보여 줍니다.",
        "▼: xem thêm phần chữ phía dưới.",
        "▼: mostra mais texto abaixo.",
    ),
}

LANGS = ("zh-Hans", "ko", "vi", "pt-BR")


def main() -> None:
    for index, lang in enumerate(LANGS):
        catalog = Catalog(locale=lang.replace("-", "_"), project="hiroba", version="0.1.0")
        for msgid, texts in sorted(T.items()):
            flags = ("python-brace-format",) if "{" in msgid else ()
            catalog.add(msgid, texts[index], flags=flags)
        folder = LOCALE / lang / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "kiosk.po").open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False)


if __name__ == "__main__":
    main()
