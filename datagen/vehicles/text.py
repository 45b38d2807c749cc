"""Texts for the vehicle generator: owner narratives in NHTSA style (upper case, abbreviations,
typos) and Chinese complaint and recall-notice wording, with the facts each text states returned
beside it for the labelled evaluation set. The phrase banks are the generator's own, written apart
from the extractor lexicons (some phrasings here are deliberately outside them)."""

from __future__ import annotations

import random

# system -> (English part phrases, Chinese part phrases, symptom keys typical of the system)
SYSTEMS: dict[str, tuple[list[str], list[str], list[str]]] = {
    "AIR BAGS": (["AIR BAG", "AIRBAG", "DRIVER AIR BAG", "SIDE CURTAIN AIR BAG", "PASSENGER AIR BAG"],
                 ["安全气囊", "主驾驶气囊", "侧气帘"], ["fails_to_deploy", "inadvertent_deployment", "warning_light"]),
    "SERVICE BRAKES, HYDRAULIC": (["BRAKES", "BRAKE PEDAL", "ABS", "BRAKE SYSTEM", "BRAKE LINE"],
                                  ["刹车", "制动系统", "刹车片"], ["brake_failure", "noise", "warning_light", "vibration"]),
    "ENGINE": (["ENGINE", "MOTOR", "TURBO", "TIMING CHAIN"], ["发动机", "引擎"],
               ["stall", "noise", "leak", "overheating", "hesitation"]),
    "FUEL/PROPULSION SYSTEM": (["FUEL PUMP", "FUEL LINE", "FUEL TANK", "HYBRID SYSTEM"], ["燃油泵", "油箱", "动力电池"],
                               ["stall", "leak", "fire", "no_start"]),
    "POWER TRAIN": (["TRANSMISSION", "CVT", "GEAR SHIFT", "DRIVE SHAFT"], ["变速箱", "变速器", "传动轴"],
                    ["transmission_slip", "hesitation", "noise"]),
    "STEERING": (["STEERING", "POWER STEERING", "STEERING WHEEL", "STEERING COLUMN"], ["方向盘", "转向系统", "助力转向"],
                 ["steering_loss", "noise", "vibration"]),
    "ELECTRICAL SYSTEM": (["ELECTRICAL SYSTEM", "WIRING HARNESS", "BATTERY", "INSTRUMENT PANEL", "ALTERNATOR"],
                          ["线束", "电瓶", "仪表盘"], ["warning_light", "no_start", "smoke", "stall"]),
    "SUSPENSION": (["SUSPENSION", "CONTROL ARM", "STRUT", "BALL JOINT"], ["悬挂", "减震器", "摆臂"],
                   ["noise", "breakage", "vibration"]),
    "STRUCTURE": (["FRAME", "BODY", "SUBFRAME"], ["车身", "副车架"], ["corrosion", "breakage"]),
    "SEAT BELTS": (["SEAT BELT", "SEATBELT BUCKLE", "BELT"], ["安全带"], ["unlatch", "breakage"]),
    "VISIBILITY": (["WINDSHIELD WIPERS", "WIPER", "SUNROOF"], ["雨刮", "天窗"], ["breakage", "lights_out"]),
    "EXTERIOR LIGHTING": (["HEADLIGHTS", "TAIL LIGHTS", "BRAKE LIGHTS"], ["大灯", "尾灯"], ["lights_out"]),
    "VEHICLE SPEED CONTROL": (["ACCELERATOR PEDAL", "CRUISE CONTROL", "THROTTLE"], ["油门", "定速巡航"],
                              ["unintended_acceleration", "hesitation"]),
    "FORWARD COLLISION AVOIDANCE": (["AUTOMATIC EMERGENCY BRAKING", "COLLISION WARNING SYSTEM"], ["自动紧急制动"],
                                    ["false_braking", "warning_light"]),
    "BACK OVER PREVENTION": (["BACKUP CAMERA", "REAR CAMERA"], ["倒车影像"], ["camera_failure"]),
    "LATCHES/LOCKS/LINKAGES": (["DOOR LATCH", "DOOR LOCK", "HOOD LATCH"], ["门锁", "车门锁"], ["unlatch"]),
}
# Finer NHTSA paths per system for COMPDESC (depth varies as in the real file).
PATHS: dict[str, list[str]] = {
    "AIR BAGS": ["AIR BAGS", "AIR BAGS:FRONTAL", "AIR BAGS:FRONTAL:DRIVER SIDE", "AIR BAGS:SIDE/WINDOW"],
    "SERVICE BRAKES, HYDRAULIC": ["SERVICE BRAKES, HYDRAULIC", "SERVICE BRAKES, HYDRAULIC:ANTILOCK",
                                  "SERVICE BRAKES, HYDRAULIC:FOUNDATION COMPONENTS"],
    "ENGINE": ["ENGINE", "ENGINE:ENGINE COOLING", "ENGINE:ENGINE OIL"],
    "FUEL/PROPULSION SYSTEM": ["FUEL/PROPULSION SYSTEM", "FUEL/PROPULSION SYSTEM:FUEL PUMP"],
    "POWER TRAIN": ["POWER TRAIN", "POWER TRAIN:AUTOMATIC TRANSMISSION", "POWER TRAIN:DRIVELINE"],
    "STEERING": ["STEERING", "STEERING:ELECTRIC POWER ASSIST SYSTEM"],
    "ELECTRICAL SYSTEM": ["ELECTRICAL SYSTEM", "ELECTRICAL SYSTEM:WIRING", "ELECTRICAL SYSTEM: INSTRUMENT PANEL"],
    "SUSPENSION": ["SUSPENSION", "SUSPENSION:FRONT"],
    "STRUCTURE": ["STRUCTURE", "STRUCTURE:BODY"],
    "SEAT BELTS": ["SEAT BELTS", "SEAT BELTS:FRONT"],
    "VISIBILITY": ["VISIBILITY", "VISIBILITY:WINDSHIELD WIPER/WASHER"],
    "EXTERIOR LIGHTING": ["EXTERIOR LIGHTING", "EXTERIOR LIGHTING:HEADLIGHTS"],
    "VEHICLE SPEED CONTROL": ["VEHICLE SPEED CONTROL", "VEHICLE SPEED CONTROL:ACCELERATOR PEDAL"],
    "FORWARD COLLISION AVOIDANCE": ["FORWARD COLLISION AVOIDANCE"],
    "BACK OVER PREVENTION": ["BACK OVER PREVENTION"],
    "LATCHES/LOCKS/LINKAGES": ["LATCHES/LOCKS/LINKAGES", "LATCHES/LOCKS/LINKAGES:DOORS"],
}
# symptom -> (English phrasings, Chinese phrasings); a few are outside the extractor lexicon on purpose.
SYMPTOM_TEXT: dict[str, tuple[list[str], list[str]]] = {
    "stall": (["STALLED", "SHUT OFF WITHOUT WARNING", "LOST POWER", "STALLED OUT", "JUST QUIT ON ME", "STAULED"],
              ["熄火", "突然熄火", "失去动力", "动力中断"]),
    "fails_to_deploy": (["FAILED TO DEPLOY", "DID NOT DEPLOY", "NEVER DEPLOYED"], ["未弹出", "没有弹出"]),
    "inadvertent_deployment": (["DEPLOYED FOR NO REASON", "DEPLOYED WITHOUT A CRASH"], ["无故弹出", "气囊误弹"]),
    "rupture": (["RUPTURED", "EXPLODED AND SPRAYED METAL FRAGMENTS", "SENT SHRAPNEL INTO THE CABIN"],
                ["破裂", "爆裂，金属碎片飞出"]),
    "fire": (["CAUGHT FIRE", "BURST INTO FLAMES", "STARTED ON FIRE"], ["起火", "自燃", "着火"]),
    "smoke": (["STARTED SMOKING", "GAVE OFF A BURNING SMELL"], ["冒烟", "有烧焦味"]),
    "brake_failure": (["BRAKES FAILED", "PEDAL WENT TO THE FLOOR", "COULD NOT STOP", "BRAKES WENT SOFT", "BRAKS FAILED"],
                      ["刹车失灵", "刹不住", "制动失效"]),
    "steering_loss": (["LOST POWER STEERING", "BECAME HARD TO STEER", "STEERING LOCKED UP"], ["方向盘沉重", "转向失灵", "助力失效"]),
    "unintended_acceleration": (["ACCELERATED ON ITS OWN", "SURGED FORWARD", "TOOK OFF UNEXPECTEDLY"], ["自动加速", "暴冲"]),
    "hesitation": (["HESITATED", "WENT INTO LIMP MODE", "HAD NO ACCELERATION"], ["加速无力", "动力不足"]),
    "transmission_slip": (["SLIPPED", "JERKED VIOLENTLY", "SHUDDERED", "WOULD NOT SHIFT"], ["打滑", "换挡冲击", "顿挫"]),
    "noise": (["MADE A GRINDING NOISE", "MADE A CLUNKING NOISE", "STARTED TO RATTLE"], ["异响", "有异响", "噪音很大"]),
    "vibration": (["STARTED TO VIBRATE", "SHOOK BADLY"], ["抖动严重", "车身抖动"]),
    "warning_light": (["WARNING LIGHT CAME ON", "CHECK ENGINE LIGHT ILLUMINATED", "DISPLAYED A WARNING MESSAGE"],
                      ["故障灯亮", "仪表报警"]),
    "no_start": (["WOULD NOT START", "FAILED TO START"], ["无法启动", "打不着火"]),
    "leak": (["WAS LEAKING", "STARTED LEAKING FUEL"], ["漏油", "渗油"]),
    "overheating": (["OVERHEATED", "RAN HOT"], ["过热", "水温高"]),
    "unlatch": (["CAME UNLATCHED", "RELEASED WHILE DRIVING"], ["自动解锁", "松脱"]),
    "lights_out": (["WENT OUT", "FLICKERED AND FAILED"], ["不亮", "闪烁"]),
    "breakage": (["BROKE", "SNAPPED", "CRACKED AND DETACHED"], ["断裂", "脱落"]),
    "corrosion": (["RUSTED THROUGH", "WAS SEVERELY CORRODED"], ["生锈", "锈蚀"]),
    "camera_failure": (["SHOWED A BLANK SCREEN", "DISPLAYED NO IMAGE"], ["黑屏", "不显示"]),
    "false_braking": (["BRAKED FOR NO REASON", "SLAMMED ON THE BRAKES BY ITSELF"], ["无故刹车", "幽灵刹车"]),
}
CONDITION_TEXT: dict[str, tuple[list[str], list[str]]] = {
    "highway_speed": (["WHILE DRIVING {mph} MPH", "ON THE HIGHWAY", "AT HIGHWAY SPEED"], ["在高速上行驶时", "时速{kmh}公里时"]),
    "low_speed": (["WHILE DRIVING {low} MPH", "IN STOP AND GO TRAFFIC"], ["低速行驶时", "等红灯时"]),
    "start_up": (["AT START-UP", "WHEN STARTING THE VEHICLE"], ["冷启动时", "刚启动时"]),
    "wet_weather": (["IN THE RAIN", "ON ICY ROADS"], ["雨天", "下雪天"]),
    "turning": (["WHILE TURNING", "MAKING A LEFT TURN"], ["转弯时"]),
    "parked": (["WHILE PARKED", "OVERNIGHT IN THE DRIVEWAY"], ["停放时", "停车后"]),
}
CONSEQUENCE_TEXT: dict[str, tuple[list[str], list[str]]] = {
    "crash": (["THE VEHICLE CRASHED INTO ANOTHER VEHICLE.", "I WAS REAR-ENDED.", "THE CONTACT STRUCK A CURB."],
              ["导致追尾。", "撞上了护栏。"]),
    "injury": (["THE DRIVER WAS INJURED.", "I SUFFERED BURNS TO MY HANDS.", "THE CONTACT SUSTAINED A CONCUSSION."],
               ["司机受伤住院。", "我手臂受伤。"]),
    "fire": (["THE VEHICLE CAUGHT FIRE.", "FLAMES CAME FROM UNDER THE HOOD."], ["车辆起火。"]),
    "death": (["THE PASSENGER WAS KILLED.", "THE DRIVER DIED OF THE INJURIES."], ["造成一人死亡。"]),
}
FILLERS_EN = ["THE DEALER COULD NOT DUPLICATE THE FAILURE.", "THE MANUFACTURER WAS NOTIFIED.",
              "THE FAILURE MILEAGE WAS {miles}.", "NO RECALL NUMBER WAS PROVIDED.", "*TR", "*JB", "*TT",
              "THE VEHICLE WAS TOWED TO THE DEALER.", "I AM AFRAID TO DRIVE THE CAR."]
FILLERS_ZH = ["4S店检测后说是正常现象。", "厂家至今没有给出解决方案。", "希望厂家尽快处理！", "已经多次维修未果。", "要求退换车。"]


def _fmt(text: str, rng: random.Random) -> str:
    return text.format(mph=rng.randint(45, 80), low=rng.randint(5, 25), kmh=rng.randint(80, 120),
                       miles=rng.randint(2000, 140000))


def narrative_en(rng: random.Random, make: str, model: str, year: int, system: str, symptoms: list[str],
                 conditions: list[str], consequences: list[str]) -> str:
    part = rng.choice(SYSTEMS[system][0])
    cond = " ".join(_fmt(rng.choice(CONDITION_TEXT[c][0]), rng) for c in conditions)
    symptom = " AND ".join(rng.choice(SYMPTOM_TEXT[s][0]) for s in symptoms) or "FAILED"
    opener = rng.choice([f"TL* THE CONTACT OWNS A {year} {make} {model}. ", f"MY {year} {model} ", "", ""])
    middle = f"{cond}, THE {part} {symptom}." if cond else f"THE {part} {symptom}."
    cons = " ".join(rng.choice(CONSEQUENCE_TEXT[c][0]) for c in consequences)
    if not consequences and rng.random() < 0.4:
        cons = rng.choice(["NO INJURIES.", "THERE WERE NO INJURIES.", "NOBODY WAS HURT."])
    text = " ".join(x for x in (opener + middle, cons, _fmt(rng.choice(FILLERS_EN), rng)) if x)
    if rng.random() < 0.15:  # online questionnaires are often written in mixed case
        text = text.capitalize()
    return text


def narrative_zh(rng: random.Random, system: str, symptoms: list[str], conditions: list[str],
                 consequences: list[str]) -> str:
    part = rng.choice(SYSTEMS[system][1])
    cond = "".join(_fmt(rng.choice(CONDITION_TEXT[c][1]), rng) for c in conditions if CONDITION_TEXT[c][1])
    symptom = "，".join(rng.choice(SYMPTOM_TEXT[s][1]) for s in symptoms) or "出现故障"
    cons = "".join(rng.choice(CONSEQUENCE_TEXT[c][1]) for c in consequences)
    lead = rng.choice(["车辆", "我的车", "新车提车不久，", ""])
    text = f"{lead}{cond}{part}{symptom}，{cons}{rng.choice(FILLERS_ZH)}"
    if rng.random() < 0.5:  # half-width punctuation in some submissions
        text = text.replace("，", ",").replace("！", "!")
    return text
